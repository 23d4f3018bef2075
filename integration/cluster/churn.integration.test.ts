import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchyardEvent } from '@switchyard/contracts';
import { readLocalCredentials, startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { labDown, labUp } from '@switchyard/cli';
import { dockerCli, eventually, ok, outcome } from './test-support/cluster.js';

// Issue 16 items 5 and 7 on a real 3-host lab: while a service is scaled up and down without pause,
// a client resolving at full speed never gets an answer (a task address, or the VIP's backend)
// that no longer serves; and a rule deleted by hand inside a service chain is back within 10 s.

const prefix = `sych${process.pid % 1000}`;
const subnet = '192.168.53.0/24';
const churnSeconds = 40;
let dataDir: string;
let controlPlane: RunningControlPlane;
let dockerHost: string;

const docker = dockerCli(() => dockerHost);

/**
 * Resolves `tasks.<service>` and connects to every answer, then connects to the service name (its
 * VIP) and reads an HTTP answer, in a loop for `seconds`; prints its counts as JSON. No grace: an
 * answer that refuses or times out (1 s) counts as stale, a VIP request without an answer as failed.
 */
const client = (service: string, seconds: number) => `
import json, socket, time
end = time.time() + ${seconds}
counts = dict(queries=0, answers=0, stale=0, empty=0, vip=0, vipFailed=0)
examples = []
def get(address):
    s = socket.create_connection((address, 80), timeout=1)
    try:
        s.sendall(b'GET / HTTP/1.0\\r\\nHost: x\\r\\n\\r\\n')
        return s.recv(64).startswith(b'HTTP/1.')
    finally:
        s.close()
while time.time() < end:
    counts['queries'] += 1
    try:
        answers = sorted({a[4][0] for a in socket.getaddrinfo('tasks.${service}', 80, socket.AF_INET, socket.SOCK_STREAM)})
    except socket.gaierror:
        answers = []
    if not answers:
        counts['empty'] += 1
    for address in answers:
        counts['answers'] += 1
        try:
            socket.create_connection((address, 80), timeout=1).close()
        except OSError as error:
            counts['stale'] += 1
            examples.append('%s %s at %.3f' % (address, error, time.time()))
    counts['vip'] += 1
    try:
        if not get('${service}'):
            raise OSError('no HTTP answer')
    except OSError as error:
        counts['vipFailed'] += 1
        examples.append('vip %s at %.3f' % (error, time.time()))
print(json.dumps(dict(counts, examples=examples[:10])))
`;

interface Counts {
  queries: number;
  answers: number;
  stale: number;
  empty: number;
  vip: number;
  vipFailed: number;
  examples: string[];
}

async function toolNetns(): Promise<string> {
  const { netns } = await controlPlane.services.containers.get('tool');
  if (netns === null) throw new Error('tool has no sandbox');
  return netns;
}

let cliToken = '';

/** The drift events since `since` (ms), oldest first. */
async function driftEvents(since: number): Promise<SwitchyardEvent[]> {
  const input = encodeURIComponent(JSON.stringify({ limit: 500 }));
  const response = await fetch(`${controlPlane.url}/trpc/events.list?input=${input}`, {
    headers: { authorization: `Bearer ${cliToken}` },
  });
  const body = (await response.json()) as { result: { data: SwitchyardEvent[] } };
  return body.result.data
    .filter((event) => event.kind === 'agent.drift.repaired' && Date.parse(event.at) >= since)
    .reverse();
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-churn-'));
  controlPlane = await startControlPlane({ dataDir, port: 0, dockerTlsListen: 'off' });
  dockerHost = controlPlane.dockerHost ?? '';
  cliToken = readLocalCredentials(dataDir)?.cliToken ?? '';
  await labUp({ prefix, hosts: 3, subnet, dataDir, quiet: true });
}, 120_000);

afterAll(async () => {
  await docker('service', 'rm', 'churn');
  await docker('rm', '-f', 'tool');
  await docker('network', 'rm', 'churnnet');
  await labDown({ prefix, dataDir });
  await controlPlane.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe('a service scaled up and down without pause on a 3-host lab', () => {
  it('never answers a stopped task in DNS nor sends a VIP connection to one', async () => {
    await ok(docker('network', 'create', '-d', 'overlay', '--attachable', 'churnnet'));
    // The health check names a new task only once it listens (as in Docker); the stop side, this
    // test's subject, needs none.
    await ok(
      docker(
        'service',
        'create',
        '--name',
        'churn',
        '--replicas',
        '1',
        '--network',
        'churnnet',
        '--health-cmd',
        'switchyard-probe http 80 /health',
        '--health-interval',
        '300ms',
        '--health-timeout',
        '500ms',
        '--health-retries',
        '1',
        'switchyard/whoami',
      ),
    );
    await ok(docker('run', '-d', '--name', 'tool', '--network', 'churnnet', 'switchyard/toolbox'));
    const netns = await toolNetns();
    await eventually('the task in DNS', async () => {
      const answer = await outcome('ip', ['netns', 'exec', netns, 'getent', 'hosts', 'tasks.churn']);
      return answer.code === 0 ? true : undefined;
    });
    const churnStart = Date.now();

    const child = spawn('ip', ['netns', 'exec', netns, 'python3', '-c', client('churn', churnSeconds)]);
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const done = new Promise<void>((resolve) => child.on('close', () => resolve()));

    const started = Date.now();
    let scales = 0;
    while (Date.now() - started < (churnSeconds - 4) * 1_000) {
      await ok(docker('service', 'scale', '--detach', `churn=${scales % 2 === 0 ? 4 : 1}`));
      scales += 1;
      await new Promise((resolve) => setTimeout(resolve, 2_500));
    }
    await done;
    const counts = JSON.parse(printed.trim().split('\n').pop() ?? '{}') as Counts;
    console.log(
      `churn ${churnSeconds} s, ${scales} scales 1↔4: ${counts.queries} queries, ${counts.answers} task answers ` +
        `connected to, ${counts.stale} stale, ${counts.empty} empty; ${counts.vip} VIP requests, ` +
        `${counts.vipFailed} failed${counts.examples.length === 0 ? '' : `; ${counts.examples.join(' | ')}`}`,
    );
    expect(counts.queries).toBeGreaterThan(100);
    expect(counts.stale).toBe(0);
    expect(counts.vipFailed).toBe(0);
    expect(counts.empty).toBe(0);
    // Tasks starting and stopping are no drift.
    const raised = (await driftEvents(churnStart)).map((event) => event.message);
    expect(raised).toEqual([]);
  }, 120_000);

  it('puts back a rule deleted by hand inside a service chain within 10 s and says which', async () => {
    const netns = await toolNetns();
    const id = await ok(docker('service', 'inspect', 'churn', '--format', '{{.ID}}'));
    const chain = ['ip', 'switchyard_lb', `svc-${id.slice(0, 12)}`];
    const inTool = (...command: string[]) => outcome('ip', ['netns', 'exec', netns, ...command]);
    const listed = (await inTool('nft', '-a', 'list', 'chain', ...chain)).stdout;
    const handle = /dnat to .* # handle (\d+)/.exec(listed)?.[1];
    if (handle === undefined) throw new Error(`no dnat rule in ${chain.join(' ')}:\n${listed}`);
    await ok(inTool('nft', 'delete', 'rule', ...chain, 'handle', handle));
    const deletedAt = Date.now();
    await eventually(
      'the rule back',
      async () =>
        /dnat to/.test((await inTool('nft', 'list', 'chain', ...chain)).stdout) ? true : undefined,
      12_000,
    );
    const back = Date.now() - deletedAt;
    const event = await eventually('a drift event naming the chain', async () =>
      (await driftEvents(deletedAt)).find((candidate) =>
        candidate.message.includes(`chain ${chain[2]} had 0 of 1 rule`),
      ),
    );
    console.log(`a rule deleted inside ${chain[2]} was back after ${back} ms: "${event.message}"`);
    expect(back).toBeLessThan(10_000);
    expect((await inTool('curl', '-s', '--max-time', '2', 'http://churn/')).stdout).toContain(
      'Hostname: churn.',
    );
  }, 60_000);
});
