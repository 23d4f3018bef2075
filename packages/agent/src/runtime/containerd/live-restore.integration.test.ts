import { workloadSchema, type DesiredSandbox } from '@switchyard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTasks } from '../../osl/containerd.js';
import { writeNetnsEtc } from '../../resolver/etc-netns.js';
import {
  nothingLeft,
  startContainerdTestbed,
  type ContainerdTestbed,
} from '../../test-support/containerd/runtime-testbed.js';
import { createTestLab } from '../../test-support/resolver/test-lab.js';
import { createContainerdRuntime, type ContainerdRuntime } from './containerd-runtime.js';

// Live restore of containerd containers: a runtime that lets go (the agent stopping or killed)
// leaves its tasks running, and the next runtime on the same state directory adopts them (same
// process, no restart) and carries their logs on.

const lab = createTestLab('lrc');
let bed: ContainerdTestbed;
const runtimes: ContainerdRuntime[] = [];

const ticker = (): DesiredSandbox => ({
  id: 'tick',
  name: 'tick',
  hostname: 'tick',
  netns: lab.netns('tick'),
  workload: workloadSchema.parse({
    image: 'switchyard/busybox-httpd:latest',
    // Numbered lines, a few a second: a restart would start again at 0, a gap would skip numbers.
    command: [
      'sh',
      '-c',
      'i=0; while true; do echo "tick $i"; echo "tock $i" >&2; i=$((i+1)); sleep 0.1; done',
    ],
    env: { PATH: '/bin' },
    runtime: 'containerd',
    imageId: bed.imageId,
    stopTimeoutSeconds: 1,
  }),
  running: true,
  startGeneration: 1,
  restartPolicy: { name: 'no', maximumRetryCount: 0 },
  endpoints: [],
  ports: [],
  dns: { embedded: false, servers: [], search: [], records: [], srv: [] },
  virtualServices: [],
  healthCheck: null,
});

function newRuntime(): ContainerdRuntime {
  const runtime = createContainerdRuntime({
    containerd: { address: bed.daemon.address, namespace: bed.namespace },
    stateDir: bed.stateDir,
    etcNetnsDir: bed.etcDir,
    layers: bed.layers,
    log: () => undefined,
  });
  runtimes.push(runtime);
  return runtime;
}

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let waited = 0; waited < 15_000; waited += 50) {
    const found = await check();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const task = async () =>
  (await listTasks({ address: bed.daemon.address, namespace: bed.namespace })).find(
    (entry) => entry.id === 'tick',
  );

async function numbers(runtime: ContainerdRuntime, stream: 'stdout' | 'stderr'): Promise<number[]> {
  const logs = await runtime.logs({ sandboxId: 'tick', tail: null });
  if (!logs.ok) throw new Error(logs.error);
  const word = stream === 'stdout' ? 'tick' : 'tock';
  return logs.lines
    .filter((line) => line.stream === stream && line.text.startsWith(`${word} `))
    .map((line) => Number(line.text.slice(word.length + 1)));
}

beforeAll(async () => {
  bed = await startContainerdTestbed('lrc', 'switchyard-lrc');
  await lab.addSandbox('tick', '10.213.1.2');
  await writeNetnsEtc(bed.etcDir, lab.netns('tick'), { 'resolv.conf': 'nameserver 127.0.0.11\n', hosts: '' });
}, 60_000);

afterAll(async () => {
  await runtimes.at(-1)?.stopAll();
  await lab.destroy();
  expect(await bed.teardown()).toEqual(nothingLeft);
}, 60_000);

describe('live restore of containerd containers', () => {
  it('leaves the task running when the runtime lets go, and the next runtime adopts it with its logs', async () => {
    const first = newRuntime();
    await first.sync([ticker()]);
    const started = await until('the task', async () =>
      (await task())?.status === 'RUNNING' ? task() : undefined,
    );
    await until('some output', async () => ((await numbers(first, 'stdout')).length >= 3 ? true : undefined));
    const firstCount = (await numbers(first, 'stdout')).length;

    await first.close();
    const gapStarted = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Let go, not stopped: the same process runs on without any agent.
    expect(await task()).toEqual(started);

    const second = newRuntime();
    await second.sync([ticker()]);
    const adopted = await until('running again', () =>
      second.status().find((entry) => entry.id === 'tick' && entry.status === 'running'),
    );
    expect(adopted.restartCount).toBe(0);
    expect(await task()).toEqual(started);
    const stdout = await until('new lines', async () => {
      const lines = await numbers(second, 'stdout');
      return lines.length > firstCount + 15 ? lines : undefined;
    });
    const stderr = await numbers(second, 'stderr');
    console.log(
      `adopted pid ${started?.pid} after ${Date.now() - gapStarted} ms: ${firstCount} lines before, ` +
        `${stdout.length} after (stdout), ${stderr.length} (stderr)`,
    );
    // Every line once, in order, across the gap: none lost, none repeated, no restart from 0.
    expect(stdout).toEqual(stdout.map((_, index) => index));
    expect(stderr.slice(0, 20)).toEqual(stderr.slice(0, 20).map((_, index) => index));
  }, 60_000);

  it('stops what it adopted on stopAll, leaving nothing behind', async () => {
    const last = runtimes.at(-1);
    await last?.stopAll();
    expect(await task()).toBeUndefined();
  }, 30_000);
});
