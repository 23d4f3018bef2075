import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DesiredSandbox, desiredSandboxSchema } from '@switchyard/contracts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listNetns } from '../../osl/ip.js';
import { createTestLab } from '../../test-support/resolver/test-lab.js';
import { createResolverClient, resolverPaths, type ResolverClient } from './resolver-client.js';

const lab = createTestLab('rproc');
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const feederScript = here('../../test-support/resolver/feeder.ts');
const loopScript = here('../../test-support/resolver/query-loop.mjs');
let stateDir: string;
let client: ResolverClient | undefined;
const children: ChildProcess[] = [];

function sandbox(address: string): DesiredSandbox {
  return desiredSandboxSchema.parse({
    id: 'client',
    name: 'client-1',
    hostname: 'client',
    netns: lab.netns('client'),
    workload: { image: 'switchyard/toolbox', command: [], env: {} },
    running: true,
    startGeneration: 1,
    restartPolicy: { name: 'no', maximumRetryCount: 0 },
    endpoints: [],
    ports: [],
    dns: { embedded: true, servers: [], search: [], records: [{ name: 'web', address }] },
  });
}

function start(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

const line = (stream: NodeJS.ReadableStream | null) =>
  new Promise<string>((resolve) => stream?.once('data', (chunk: Buffer) => resolve(String(chunk))));
const dig = (name: string) => lab.run('client', ['dig', '+time=1', '+tries=1', '+short', name]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const readPid = async () => Number((await readFile(resolverPaths(stateDir).pidFile, 'utf8')).trim());

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), 'syr-rproc-'));
  await lab.addSandbox('client', '10.211.9.3');
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await client?.stop();
  await lab.destroy();
  // The resolver writes the sandbox's resolv.conf and hosts; namespaces and their files outlive it.
  await rm(`/etc/netns/${lab.netns('client')}`, { recursive: true, force: true });
  await rm(stateDir, { recursive: true, force: true });
  expect(
    (await listNetns()).map((entry) => entry.name).filter((name) => name.startsWith(lab.prefix)),
  ).toEqual([]);
});

it('keeps answering while no agent feeds it, and follows the next agent that does', async () => {
  // The first agent starts the resolver process and feeds it, then dies by SIGKILL.
  // tsx's loader in the feeder's own process, so that SIGKILL ends the feeder itself.
  const feeder = start(process.execPath, [
    '--import',
    'tsx',
    feederScript,
    stateDir,
    JSON.stringify([sandbox('10.211.9.2')]),
  ]);
  expect(await line(feeder.stdout)).toBe('fed\n');
  const pid = await readPid();
  expect(await dig('web')).toBe('10.211.9.2\n');

  const loop = start(process.execPath, [loopScript, lab.netns('client'), '127.0.0.11', 'web']);
  const result = new Promise<{ queries: number; failures: number; longestGapMs: number; last: string[] }>(
    (resolve) => {
      let out = '';
      loop.stdout?.on('data', (chunk: Buffer) => (out += String(chunk)));
      loop.once('exit', () => resolve(JSON.parse(out) as never));
    },
  );
  await line(loop.stderr);
  await sleep(300);
  feeder.kill('SIGKILL');
  await new Promise((resolve) => feeder.once('exit', resolve));
  // No agent at all for a while: names still answer, with the last records given.
  await sleep(1_500);
  expect(await dig('web')).toBe('10.211.9.2\n');

  // The next agent finds the same resolver process, and its records take effect.
  client = createResolverClient({ stateDir, upstreams: [], log: () => undefined });
  const started = performance.now();
  await client.sync([sandbox('10.211.9.7')]);
  const handover = performance.now() - started;
  expect(await readPid()).toBe(pid);
  expect(await dig('web')).toBe('10.211.9.7\n');
  loop.kill('SIGTERM');
  const seen = await result;
  console.log(
    `resolver process ${pid}: ${seen.queries} queries through the feeder's SIGKILL and a new feeder, ` +
      `${seen.failures} failed, longest gap ${seen.longestGapMs} ms; the new feeder's first sync took ${Math.round(handover)} ms`,
  );
  expect(seen.failures).toBe(0);
  expect(seen.longestGapMs).toBeLessThan(1_000);
  expect(seen.last).toEqual(['10.211.9.7']);

  // An agent that does not live-restore ends the resolver: nothing of it is left.
  await client.stop();
  client = undefined;
  expect(() => process.kill(pid, 0)).toThrow();
  expect(existsSync(resolverPaths(stateDir).socket)).toBe(false);
  expect((await lab.run('client', ['ss', '-Hlun'])).trim()).toBe('');
});
