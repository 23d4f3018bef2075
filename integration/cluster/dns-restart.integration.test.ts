import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { repoRoot } from '@switchyard/control-plane/config';
import { labDown, labNamespaces, labStatus, labUp, restartLabAgent } from '@switchyard/cli';
import { eventually, outcome } from './test-support/cluster.js';

// Issue 16 item 2's DNS: names in a sandbox keep answering while its host's agent is killed with
// SIGKILL and started again (the resolver process outlives the agent), and the restarted agent
// feeds the same resolver process its changes.

const prefix = `sydr${process.pid % 1000}`;
const subnet = '192.168.61.0/24';
const loopScript = join(repoRoot, 'packages/agent/src/test-support/resolver/query-loop.mjs');
let dataDir: string;
let controlPlane: RunningControlPlane;

interface LoopResult {
  queries: number;
  failures: number;
  longestGapMs: number;
  last: string[];
}

const resolverPid = (host: string) =>
  Number(readFileSync(join(dataDir, 'lab', prefix, host, 'resolver', 'resolver.pid'), 'utf8').trim());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-dnsrestart-'));
  controlPlane = await startControlPlane({
    dataDir,
    port: 0,
    dockerApiListen: 'off',
    dockerTlsListen: 'off',
  });
  await labUp({ prefix, hosts: 2, subnet, dataDir, quiet: true });
}, 120_000);

afterAll(async () => {
  await labDown({ prefix, dataDir });
  await controlPlane.close();
  // Nothing of the lab is left: no namespace, and no resolver process (they run under the data dir).
  expect(await labNamespaces(prefix)).toEqual([]);
  const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  expect(processes.split('\n').filter((line) => line.includes(dataDir))).toEqual([]);
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

it('answers names through a kill -9 and restart of the agent, and follows the restarted agent', async () => {
  const { networks, services, containers } = controlPlane.services;
  await networks.create({ name: 'dnsnet', driver: 'overlay', attachable: true }, 'test');
  await services.create(
    { name: 'web', image: 'switchyard/whoami', replicas: 2, networks: [{ network: 'dnsnet' }] },
    'test',
  );
  const created = await containers.create(
    { name: 'tool', image: 'switchyard/toolbox', networks: [{ network: 'dnsnet' }] },
    'test',
  );
  const tool = await containers.start(created.id, 'test');
  const netns = tool.netns;
  if (netns === null) throw new Error('tool has no sandbox');
  const host = tool.nodeName;
  const tasks = async () =>
    (
      await outcome('ip', ['netns', 'exec', netns, 'dig', '+short', '+time=1', '+tries=1', 'tasks.web'])
    ).stdout
      .split('\n')
      .filter((line) => /^\d+\.\d+\.\d+\.\d+$/.test(line))
      .sort();
  await eventually('tasks.web to answer two tasks', async () =>
    (await tasks()).length === 2 ? true : undefined,
  );
  const resolver = resolverPid(host);

  // The loop's socket is in the toolbox's namespace, the loop itself outside it: a restarted agent
  // stops the processes it finds in its sandboxes.
  const loop = spawn(process.execPath, [loopScript, netns, '127.0.0.11', 'tasks.web']);
  const result = new Promise<LoopResult>((resolve, reject) => {
    let out = '';
    loop.stdout.on('data', (chunk: Buffer) => (out += String(chunk)));
    loop.once('exit', () => {
      try {
        resolve(JSON.parse(out) as LoopResult);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
  await new Promise((resolve) => loop.stderr.once('data', resolve));
  await new Promise((resolve) => setTimeout(resolve, 500));

  const before = (await labStatus({ prefix, dataDir })).hosts.find((entry) => entry.name === host);
  const agentPid = before?.agentPid;
  if (agentPid === null || agentPid === undefined) throw new Error(`no agent pid for ${host}`);
  process.kill(agentPid, 'SIGKILL');
  await eventually('the agent to die', async () => (alive(agentPid) ? undefined : true), 5_000);
  const killed = performance.now();
  const restarted = await restartLabAgent({ prefix, dataDir, host });

  // Only the restarted agent can tell this host's resolver about a third task.
  await services.scale('web', 3, 'test');
  await eventually('tasks.web to answer three tasks', async () =>
    (await tasks()).length === 3 ? true : undefined,
  );
  const followedMs = performance.now() - killed;
  loop.kill('SIGTERM');
  const seen = await result;
  const now = await tasks();
  console.log(
    `DNS through kill -9 of ${host}'s agent (pid ${agentPid}, restarted as ${restarted}): ${seen.queries} queries, ` +
      `${seen.failures} failed, longest run without an answer ${seen.longestGapMs} ms; ` +
      `the third task answered ${Math.round(followedMs)} ms after the kill; tasks.web now ${now.join(' ')}`,
  );
  expect(seen.longestGapMs).toBeLessThanOrEqual(1_000);
  // The loop saw what the resolver serves (the task set itself is the scheduler's to keep).
  expect(seen.last).toEqual(now);
  expect(resolverPid(host)).toBe(resolver);
  expect(alive(resolver)).toBe(true);
}, 120_000);
