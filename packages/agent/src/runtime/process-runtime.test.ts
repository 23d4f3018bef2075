import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DesiredSandbox, type ObservedSandbox, workloadSchema } from '@switchyard/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProcessRuntime } from './process-runtime.js';
import type { SandboxRuntime } from './sandbox-runtime.js';

// Host-mode sandboxes (netns null): real processes, but no namespace, so this runs anywhere.
let stateDir: string;
let runtime: SandboxRuntime;
beforeEach(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), 'syr-runtime-'));
  runtime = createProcessRuntime({ stateDir, stopGraceMs: 500, backoff: { initialMs: 20 } });
});
afterEach(async () => {
  await runtime.stopAll();
  await rm(stateDir, { recursive: true, force: true });
});

function sandbox(
  id: string,
  change: Partial<DesiredSandbox> & { command?: string[]; image?: string } = {},
): DesiredSandbox {
  const { command = [], image = 'switchyard/toolbox', ...rest } = change;
  return {
    id,
    name: `c-${id}`,
    hostname: id,
    netns: null,
    workload: workloadSchema.parse({ image, command, env: { GREETING: 'hi' } }),
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
  for (let waited = 0; waited < 5000; waited += 20) {
    const observed = runtime.status().find((entry) => entry.id === id);
    if (observed !== undefined && check(observed)) return observed;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${id}: ${JSON.stringify(runtime.status())}`);
}

describe('process runtime (host mode)', () => {
  it('runs the toolbox until told to stop', async () => {
    await runtime.sync([sandbox('a')]);
    const running = await until('a', (o) => o.status === 'running');
    expect(running.pid).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await until('a', () => true)).status).toBe('running');
    await runtime.sync([sandbox('a', { running: false })]);
    expect(await until('a', () => true)).toMatchObject({ status: 'exited', exitCode: 143, pid: null });
  });

  it('restarts on failure up to the retry count, then stays exited', async () => {
    let changes = 0;
    runtime.onChange(() => changes++);
    const failing = sandbox('b', {
      command: ['sh', '-c', 'exit 3'],
      restartPolicy: { name: 'on-failure', maximumRetryCount: 2 },
    });
    await runtime.sync([failing]);
    const done = await until('b', (o) => o.status === 'exited');
    expect(done).toMatchObject({ exitCode: 3, restartCount: 2 });
    expect(changes).toBeGreaterThanOrEqual(6);
    await runtime.sync([failing]);
    expect(await until('b', () => true)).toMatchObject({ status: 'exited', restartCount: 2 });
    // A new start (docker start) runs it again with a fresh count.
    await runtime.sync([
      { ...failing, restartPolicy: { name: 'no', maximumRetryCount: 0 }, startGeneration: 2 },
    ]);
    expect(await until('b', (o) => o.status === 'exited')).toMatchObject({ exitCode: 3, restartCount: 0 });
  });

  it('restarts after a clean exit with always', async () => {
    await runtime.sync([
      sandbox('c', { command: ['true'], restartPolicy: { name: 'always', maximumRetryCount: 0 } }),
    ]);
    // Sampled between runs: while a restart runs, the last exit code is cleared.
    expect((await until('c', (o) => o.restartCount >= 3 && o.exitCode !== null)).exitCode).toBe(0);
    await runtime.sync([]);
    expect(runtime.status()).toEqual([]);
  });

  it('marks an image it cannot run as dead, with the reason', async () => {
    await runtime.sync([sandbox('d', { image: 'nginx:1.27' })]);
    expect(await until('d', () => true)).toMatchObject({
      status: 'dead',
      error:
        'image "nginx:1.27" cannot run in the process runtime: built-in images are switchyard/whoami and switchyard/toolbox',
    });
  });

  it('keeps output with its stream, and forgets a removed container with its log', async () => {
    await runtime.sync([
      sandbox('e', {
        command: ['sh', '-c', 'echo "out $GREETING $SWITCHYARD_CONTAINER_NAME"; echo err >&2'],
      }),
    ]);
    await until('e', (o) => o.status === 'exited');
    const logs = await runtime.logs({ sandboxId: 'e', tail: null });
    expect(logs.ok && logs.lines.map((line) => `${line.stream}:${line.text}`).sort()).toEqual([
      'stderr:err',
      'stdout:out hi c-e',
    ]);
    // The log, and the process's raw output with how far it was read.
    const files = await readdir(path.join(stateDir, 'containers'));
    // A read position may be being written (aside, then renamed) right now.
    expect(files.filter((file) => !file.endsWith('.tmp')).sort()).toEqual([
      'e.log',
      'e.stderr',
      'e.stderr.pos',
      'e.stdout',
      'e.stdout.pos',
    ]);
    await runtime.sync([]);
    expect(await runtime.logs({ sandboxId: 'e', tail: 1 })).toEqual({
      ok: false,
      error: 'no such container: e',
    });
    expect(await readdir(path.join(stateDir, 'containers'))).toEqual([]);
  });

  it('kills a process that ignores SIGTERM after the grace period, with its children', async () => {
    await runtime.sync([sandbox('f', { command: ['sh', '-c', 'trap "" TERM; sleep 30 & wait'] })]);
    await until('f', (o) => o.status === 'running');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await runtime.sync([sandbox('f', { running: false })]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(await until('f', () => true)).toMatchObject({ status: 'exited', exitCode: 137 });
  });

  it('stops with the workload’s stop signal, and offers top and exec only while it runs', async () => {
    const workload = workloadSchema.parse({
      image: 'switchyard/toolbox',
      command: ['sh', '-c', 'trap "exit 9" USR1; trap "" TERM; while :; do sleep 0.05; done'],
      env: {},
      stopSignal: 'SIGUSR1',
    });
    await runtime.sync([sandbox('s', { workload })]);
    const running = await until('s', (o) => o.status === 'running');
    const top = await runtime.top('s');
    expect(top.ok && top.processes.some((row) => row[1] === String(running.pid))).toBe(true);
    const exec = await runtime.execCommand({
      execId: '0'.repeat(64),
      sandboxId: 's',
      command: ['id', '-u'],
      tty: true,
      stdin: false,
      env: ['EXTRA=1'],
      user: '',
      workingDir: '/tmp',
    });
    expect(exec).toMatchObject({ ok: true, file: 'id', args: ['-u'], cwd: '/tmp' });
    expect(exec.ok && exec.env).toMatchObject({ EXTRA: '1', TERM: 'xterm', HOSTNAME: 's' });
    await runtime.sync([sandbox('s', { workload, running: false })]);
    expect(await until('s', (o) => o.status === 'exited')).toMatchObject({ exitCode: 9 });
    expect(await runtime.top('s')).toEqual({ ok: false, error: 'container s is not running' });
    const gone = await runtime.execCommand({
      execId: '1'.repeat(64),
      sandboxId: 'gone',
      command: ['true'],
      tty: false,
      stdin: false,
      env: [],
      user: '',
      workingDir: '',
    });
    expect(gone).toEqual({ ok: false, error: 'No such container: gone' });
  });

  it('lets its processes go on close, and a new runtime adopts them: same process, logs from before and after', async () => {
    const loop = sandbox('g', {
      command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "line $i"; sleep 0.05; done'],
    });
    await runtime.sync([loop]);
    const before = await until('g', (o) => o.status === 'running');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await runtime.close();
    // The agent is gone: the process runs on, and writes while nobody reads.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(() => process.kill(before.pid ?? 0, 0)).not.toThrow();

    runtime = createProcessRuntime({ stateDir, stopGraceMs: 500, backoff: { initialMs: 20 } });
    await runtime.sync([loop]);
    const after = await until('g', (o) => o.status === 'running');
    expect(after).toMatchObject({ pid: before.pid, startedAt: before.startedAt, restartCount: 0 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logs = await runtime.logs({ sandboxId: 'g', tail: null });
    const numbers = logs.ok ? logs.lines.map((line) => Number(line.text.split(' ')[1])) : [];
    // Every line once and in order: those of the first runtime, of the gap and of the second.
    expect(numbers.length).toBeGreaterThan(10);
    expect(numbers).toEqual(numbers.map((_n, index) => index + 1));
    console.log(`adopted pid ${after.pid}: ${numbers.length} log lines, none lost or doubled`);

    // A new start asked for: the adopted process goes, a new one runs.
    await runtime.sync([{ ...loop, startGeneration: 2 }]);
    const restarted = await until('g', (o) => o.status === 'running' && o.pid !== before.pid);
    expect(() => process.kill(before.pid ?? 0, 0)).toThrow();
    await runtime.stopAll();
    expect(() => process.kill(restarted.pid ?? 0, 0)).toThrow();
    expect(await readdir(path.join(stateDir, 'workloads'))).toEqual([]);
  });

  it('notices an adopted process exit and applies the restart policy', async () => {
    const short = sandbox('h', {
      command: ['sh', '-c', 'sleep 0.6; exit 3'],
      restartPolicy: { name: 'on-failure', maximumRetryCount: 1 },
    });
    await runtime.sync([short]);
    const first = await until('h', (o) => o.status === 'running');
    await runtime.close();
    runtime = createProcessRuntime({ stateDir, stopGraceMs: 500, backoff: { initialMs: 20 } });
    await runtime.sync([short]);
    expect(await until('h', (o) => o.status === 'running')).toMatchObject({ pid: first.pid });
    // Not this runtime's child: the exit code is unknown, a failure for the policy.
    const restarted = await until('h', (o) => o.restartCount === 1 && o.status === 'running');
    expect(restarted.pid).not.toBe(first.pid);
  });
});
