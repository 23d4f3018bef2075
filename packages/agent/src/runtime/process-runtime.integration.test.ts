import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DesiredSandbox, type ObservedSandbox, workloadSchema } from '@switchyard/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exec } from '../osl/exec.js';
import { listNetns } from '../osl/ip.js';
import { createTestLab } from '../test-support/resolver/test-lab.js';
import { createProcessRuntime } from './process-runtime.js';
import type { SandboxRuntime } from './sandbox-runtime.js';

const lab = createTestLab('rt');
let stateDir: string;
let runtime: SandboxRuntime;
let bystander = 0;

function sandbox(
  id: string,
  name: string,
  change: Partial<DesiredSandbox> & { image?: string; command?: string[] } = {},
): DesiredSandbox {
  const { image = 'switchyard/toolbox', command = [], ...rest } = change;
  return {
    id,
    name,
    hostname: name,
    netns: lab.netns(id),
    workload: workloadSchema.parse({ image, command, env: {} }),
    running: true,
    startGeneration: 1,
    restartPolicy: { name: 'no', maximumRetryCount: 0 },
    endpoints: [],
    ports: [],
    dns: { embedded: false, servers: [], search: [], records: [], srv: [] },
    virtualServices: [],
    healthCheck: null,
    ...rest,
  };
}

async function until(id: string, check: (observed: ObservedSandbox) => boolean): Promise<ObservedSandbox> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const observed = runtime.status().find((entry) => entry.id === id);
    if (observed !== undefined && check(observed)) return observed;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${id}: ${JSON.stringify(runtime.status())}`);
}

async function pidsIn(netns: string): Promise<number[]> {
  const { stdout } = await exec('ip', ['netns', 'pids', netns]).catch(() => ({ stdout: '' }));
  return stdout.split(/\s+/).filter(Boolean).map(Number);
}

const sandboxes = () => [
  sandbox('web', 'whoami-1', { image: 'switchyard/whoami' }),
  sandbox('tools', 'toolbox-1'),
  sandbox('fail', 'failing-1', {
    command: ['sh', '-c', 'echo trying; exit 3'],
    restartPolicy: { name: 'on-failure', maximumRetryCount: 2 },
  }),
  sandbox('bad', 'nginx-1', { image: 'nginx', netns: null }),
  // Prints its environment and exits: the container's own, never the agent's (join token, password).
  sandbox('env', 'env-1', {
    netns: null,
    workload: workloadSchema.parse({
      image: 'switchyard/toolbox',
      command: ['env'],
      env: { GREETING: 'hello' },
    }),
  }),
];

beforeAll(async () => {
  vi.stubEnv('SWITCHYARD_JOIN_TOKEN', 'SYJT-secret-token');
  vi.stubEnv('SWITCHYARD_ADMIN_PASSWORD', 'lab-admin-password');
  stateDir = await mkdtemp(path.join(tmpdir(), 'syr-rt-'));
  await lab.addSandbox('web', '10.211.1.2');
  await lab.addSandbox('tools', '10.211.1.3');
  await lab.addSandbox('fail', '10.211.1.4');
  // A workload left behind by a "previous agent" that recorded none: not a child of this process,
  // with the workload marker in its environment. Beside it, a process that is no workload (a DNS
  // listener that outlives agents, say): it stays.
  spawn(
    'sh',
    ['-c', `SWITCHYARD_CONTAINER_ID=web ip netns exec ${lab.netns('web')} sleep 300 >/dev/null 2>&1 &`],
    { stdio: 'ignore' },
  );
  spawn('sh', ['-c', `ip netns exec ${lab.netns('tools')} sleep 301 >/dev/null 2>&1 &`], { stdio: 'ignore' });
  for (let tries = 0; (await pidsIn(lab.netns('web'))).length === 0 && tries < 40; tries++)
    await new Promise((resolve) => setTimeout(resolve, 25));
  for (let tries = 0; (await pidsIn(lab.netns('tools'))).length === 0 && tries < 40; tries++)
    await new Promise((resolve) => setTimeout(resolve, 25));
  bystander = (await pidsIn(lab.netns('tools')))[0] ?? 0;
  runtime = createProcessRuntime({ stateDir, stopGraceMs: 2000 });
  await runtime.sync(sandboxes());
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await runtime.stopAll();
  await lab.destroy();
  await rm(stateDir, { recursive: true, force: true });
  expect(
    (await listNetns()).map((entry) => entry.name).filter((name) => name.startsWith(lab.prefix)),
  ).toEqual([]);
});

describe('process runtime in real namespaces', () => {
  it('cleared the stray workload from the previous agent before starting, and nothing else', async () => {
    const web = await until('web', (o) => o.status === 'running');
    expect(await pidsIn(lab.netns('web'))).toEqual([web.pid]);
    const tools = await until('tools', (o) => o.status === 'running');
    expect((await pidsIn(lab.netns('tools'))).sort()).toEqual([bystander, tools.pid].sort());
    process.kill(bystander, 'SIGKILL');
  });

  it('serves whoami on port 80 to another namespace', async () => {
    await until('web', (o) => o.status === 'running');
    let body = '';
    for (let tries = 0; !body.includes('Hostname') && tries < 40; tries++) {
      body = await lab.run('tools', ['curl', '-s', '--max-time', '2', 'http://10.211.1.2/']);
      if (!body.includes('Hostname')) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(body).toContain('Hostname: whoami-1\n');
    expect(body).toContain('IP: 10.211.1.2\n');
    expect(body).toMatch(/^RemoteAddr: 10\.211\.1\.3:\d+$/m);
    const logs = await runtime.logs({ sandboxId: 'web', tail: 1 });
    expect(logs.ok && logs.lines[0]?.text).toMatch(/^10\.211\.1\.3:\d+ GET \/$/);
  });

  it('keeps the toolbox up', async () => {
    const tools = await until('tools', (o) => o.status === 'running');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await until('tools', () => true)).toMatchObject({
      status: 'running',
      pid: tools.pid,
      restartCount: 0,
    });
  });

  it('is adopted by a new runtime after letting go: the same whoami serves on, no stray killed', async () => {
    const web = await until('web', (o) => o.status === 'running');
    await runtime.close();
    runtime = createProcessRuntime({ stateDir, stopGraceMs: 2000 });
    await runtime.sync(sandboxes());
    expect(await until('web', (o) => o.status === 'running')).toMatchObject({
      pid: web.pid,
      startedAt: web.startedAt,
      restartCount: 0,
    });
    expect(await pidsIn(lab.netns('web'))).toEqual([web.pid]);
    const body = await lab.run('tools', ['curl', '-s', '--max-time', '2', 'http://10.211.1.2/']);
    expect(body).toContain('Hostname: whoami-1\n');
    const logs = await runtime.logs({ sandboxId: 'web', tail: null });
    // The request of the test before, served by the first runtime, and this one.
    expect(logs.ok && logs.lines.filter((line) => / GET \/$/.test(line.text)).length).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('restarts on failure twice, then leaves it exited with its code and output', async () => {
    expect(await until('fail', (o) => o.status === 'exited')).toMatchObject({ exitCode: 3, restartCount: 2 });
    const logs = await runtime.logs({ sandboxId: 'fail', tail: null });
    expect(logs.ok && logs.lines.map((line) => line.text)).toEqual(['trying', 'trying', 'trying']);
  });

  it('reports an image it cannot run as dead, with the reason', async () => {
    expect(await until('bad', () => true)).toMatchObject({
      status: 'dead',
      error:
        'image "nginx" cannot run in the process runtime: built-in images are switchyard/whoami and switchyard/toolbox',
    });
  });

  it('starts a workload with its own environment only, none of the agent’s', async () => {
    expect(await until('env', (o) => o.status === 'exited')).toMatchObject({ exitCode: 0 });
    const logs = await runtime.logs({ sandboxId: 'env', tail: null });
    const names = logs.ok ? logs.lines.map((line) => line.text.split('=')[0]) : [];
    expect(logs.ok && logs.lines.map((line) => line.text)).toContain('GREETING=hello');
    expect(names).toEqual(expect.arrayContaining(['PATH', 'HOSTNAME', 'SWITCHYARD_CONTAINER_ID']));
    expect(names).not.toContain('SWITCHYARD_JOIN_TOKEN');
    expect(names).not.toContain('SWITCHYARD_ADMIN_PASSWORD');
    expect(JSON.stringify(logs)).not.toMatch(/secret-token|lab-admin-password/);
  });

  it('stops and forgets sandboxes no longer listed, leaving no process in their namespaces', async () => {
    await runtime.sync(sandboxes().filter((entry) => entry.id === 'tools'));
    expect(runtime.status().map((entry) => entry.id)).toEqual(['tools']);
    expect(await pidsIn(lab.netns('web'))).toEqual([]);
    await runtime.sync([]);
    expect(await pidsIn(lab.netns('tools'))).toEqual([]);
  });
});
