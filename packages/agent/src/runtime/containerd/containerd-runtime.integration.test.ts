import { spawn } from 'node:child_process';
import {
  healthCheckSchema,
  workloadSchema,
  type DesiredSandbox,
  type ObservedSandbox,
} from '@switchyard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNetnsEtc } from '../../resolver/etc-netns.js';
import {
  nothingLeft,
  startContainerdTestbed,
  type ContainerdTestbed,
} from '../../test-support/containerd/runtime-testbed.js';
import { createTestLab } from '../../test-support/resolver/test-lab.js';
import { createContainerdRuntime, type ContainerdRuntime } from './containerd-runtime.js';

const lab = createTestLab('ctr');
let bed: ContainerdTestbed;
let runtime: ContainerdRuntime;

function sandbox(
  id: string,
  workload: Record<string, unknown>,
  change: Partial<DesiredSandbox> = {},
): DesiredSandbox {
  return {
    id,
    name: id,
    hostname: `${id}-host`,
    netns: lab.netns(id),
    workload: workloadSchema.parse({
      image: 'switchyard/busybox-httpd:latest',
      command: ['httpd', '-f', '-v', '-p', '80', '-h', '/www'],
      env: { PATH: '/bin' },
      runtime: 'containerd',
      imageId: bed.imageId,
      ...workload,
    }),
    running: true,
    startGeneration: 1,
    restartPolicy: { name: 'no', maximumRetryCount: 0 },
    endpoints: [],
    ports: [],
    dns: { embedded: false, servers: [], search: [], records: [], srv: [] },
    virtualServices: [],
    healthCheck: null,
    ...change,
  };
}

async function until(id: string, check: (observed: ObservedSandbox) => boolean): Promise<ObservedSandbox> {
  for (let waited = 0; waited < 15_000; waited += 50) {
    const observed = runtime.status().find((entry) => entry.id === id);
    if (observed !== undefined && check(observed)) return observed;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${id}: ${JSON.stringify(runtime.status())}`);
}

const ctr = (...args: string[]) => bed.ctr(...args);

function run(file: string, args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

const web = () =>
  sandbox('web', {
    user: 'nobody',
    workingDir: '/www',
    env: { PATH: '/bin', GREETING: 'hello there' },
    // httpd as PID 1 ignores SIGTERM: the stop ends with SIGKILL after this.
    stopTimeoutSeconds: 2,
  });
const trapper = () =>
  sandbox('trap', {
    command: ['sh', '-c', 'trap "echo got USR1; exit 7" USR1; while true; do sleep 0.1; done'],
    stopSignal: 'SIGUSR1',
  });
const stubborn = () => sandbox('stub', { stopTimeoutSeconds: 1 }, { netns: lab.netns('trap') });

beforeAll(async () => {
  bed = await startContainerdTestbed('rt', 'switchyard-test');
  await lab.addSandbox('web', '10.212.1.2');
  await lab.addSandbox('peer', '10.212.1.3');
  await lab.addSandbox('trap', '10.212.1.4');
  for (const name of ['web', 'trap', 'peer']) {
    await writeNetnsEtc(bed.etcDir, lab.netns(name), {
      'resolv.conf': 'nameserver 127.0.0.11\n',
      hosts: `127.0.0.1 localhost\n10.212.1.9 db.test\n`,
    });
  }
  runtime = createContainerdRuntime({
    containerd: { address: bed.daemon.address, namespace: bed.namespace },
    stateDir: bed.stateDir,
    etcNetnsDir: bed.etcDir,
    layers: bed.layers,
  });
  await runtime.sync([web(), trapper()]);
}, 60_000);

afterAll(async () => {
  await runtime.stopAll();
  await lab.destroy();
  expect(await bed.teardown()).toEqual(nothingLeft);
}, 60_000);

describe('containerd runtime in an agent-made network namespace', () => {
  it('serves httpd from the sandbox namespace to a peer', async () => {
    await until('web', (o) => o.status === 'running');
    let body = '';
    for (let tries = 0; !body.includes('hello') && tries < 60; tries++) {
      body = await lab.run('peer', ['curl', '-s', '--max-time', '2', 'http://10.212.1.2/']);
      if (!body.includes('hello')) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(body).toBe('hello from busybox httpd\n');
    const logs = await runtime.logs({ sandboxId: 'web', tail: 5 });
    expect(
      logs.ok && logs.lines.some((line) => line.stream === 'stderr' && line.text.includes('10.212.1.3')),
    ).toBe(true);
  });

  it('applies user, env, working directory, hostname and the sandbox files; ps sees only its own', async () => {
    await until('web', (o) => o.status === 'running');
    const command = await runtime.execCommand({
      execId: 'a'.repeat(64),
      sandboxId: 'web',
      command: [
        'sh',
        '-c',
        'id; pwd; hostname; cat /etc/hostname /etc/resolv.conf /etc/hosts; echo "$GREETING"; ps -o pid,user,args',
      ],
      tty: false,
      stdin: false,
      env: [],
      user: '',
      workingDir: '',
    });
    if (!command.ok) throw new Error(command.error);
    const result = await run(command.file, command.args);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'uid=65534(nobody) gid=65534(nobody)',
      '/www',
      'web-host',
      'web-host',
    ]);
    expect(result.stdout).toContain('nameserver 127.0.0.11\n');
    expect(result.stdout).toContain('10.212.1.9 db.test\n');
    expect(result.stdout).toContain('hello there\n');
    const processes = lines.slice(lines.findIndex((line) => line.includes('PID')) + 1).filter(Boolean);
    expect(processes[0]).toMatch(/^\s*1 nobody\s+httpd -f/);
    expect(processes.length).toBeLessThanOrEqual(3);
  });

  it('execs as another user in another directory, and lists its processes for top', async () => {
    const command = await runtime.execCommand({
      execId: 'b'.repeat(64),
      sandboxId: 'web',
      command: ['sh', '-c', 'id -u; pwd'],
      tty: false,
      stdin: false,
      env: [],
      user: 'root',
      workingDir: '/tmp',
    });
    if (!command.ok) throw new Error(command.error);
    expect((await run(command.file, command.args)).stdout).toBe('0\n/tmp\n');
    const top = await runtime.top('web');
    if (!top.ok) throw new Error(top.error);
    expect(top.titles).toEqual(['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']);
    expect(top.processes.map((row) => row[7])).toContain('httpd -f -v -p 80 -h /www');
    expect(top.processes.find((row) => row[7]?.startsWith('httpd'))?.[0]).toBe('65534');
  });

  it('runs a command health check inside the container', async () => {
    const check = (command: string[]) =>
      healthCheckSchema.parse({ kind: 'command', command, intervalMs: 200, retries: 1 });
    const healthy = sandbox(
      'ok',
      { command: ['sleep', '1000'], stopTimeoutSeconds: 0 },
      {
        netns: lab.netns('peer'),
        healthCheck: check(['ls', '/www/index.html']),
      },
    );
    // Exists only inside the container's filesystem: a probe run on the host would fail.
    const sick = sandbox(
      'sick',
      { command: ['sleep', '1000'], stopTimeoutSeconds: 0 },
      {
        netns: lab.netns('peer'),
        healthCheck: check(['ls', '/nothing']),
      },
    );
    await runtime.sync([web(), trapper(), healthy, sick]);
    await until('ok', (o) => o.health === 'healthy');
    await until('sick', (o) => o.health === 'unhealthy');
    await runtime.sync([web(), trapper()]);
  });

  it('stops with the workload stop signal', async () => {
    await until('trap', (o) => o.status === 'running');
    await runtime.sync([web(), { ...trapper(), running: false }]);
    const stopped = await until('trap', (o) => o.status === 'exited');
    expect(stopped.exitCode).toBe(7);
  });

  it('kills after the stop timeout when the stop signal is ignored', async () => {
    await runtime.sync([web(), stubborn()]);
    await until('stub', (o) => o.status === 'running');
    const started = Date.now();
    await runtime.sync([web(), { ...stubborn(), running: false }]);
    const stopped = await until('stub', (o) => o.status === 'exited');
    expect(stopped.exitCode).toBe(137);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('waits for an image the node does not hold', async () => {
    const missing = sandbox('missing', { imageId: `sha256:${'0'.repeat(64)}`, image: 'nginx:1.25' });
    await runtime.sync([web(), missing]);
    const observed = await until('missing', (o) => o.error !== undefined);
    expect(observed.status).toBe('created');
    expect(observed.error).toContain('nginx:1.25');
  });

  it('removes every container it ran', async () => {
    await runtime.sync([]);
    expect(runtime.status()).toEqual([]);
    expect((await ctr('containers', 'ls', '-q')).stdout.trim()).toBe('');
  });
});
