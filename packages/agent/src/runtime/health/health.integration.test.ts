import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DesiredSandbox, type ObservedSandbox, workloadSchema } from '@switchyard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../../osl/exec.js';
import { sandbox } from '../../test-support/reconcile/documents.fixture.js';
import { createProcessRuntime } from '../process-runtime.js';
import type { SandboxRuntime } from '../sandbox-runtime.js';

const netns = `syl${process.pid}-hc`;
let dir: string;
let runtime: SandboxRuntime;
const changes: (ObservedSandbox['health'] | undefined)[] = [];

const interval = 300;
const retries = 2;

beforeAll(async () => {
  await exec('ip', ['netns', 'add', netns]);
  await exec('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
  dir = await mkdtemp(path.join(tmpdir(), 'syl-hc-'));
  await writeFile(path.join(dir, 'health'), 'ok');
  runtime = createProcessRuntime({ stateDir: path.join(dir, 'state'), stopGraceMs: 1000 });
  runtime.onChange(() => changes.push(runtime.status()[0]?.health));
});

afterAll(async () => {
  await runtime.stopAll();
  await exec('ip', ['netns', 'del', netns]);
  await rm(dir, { recursive: true, force: true });
});

async function until(health: ObservedSandbox['health'], withinMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (runtime.status()[0]?.health === health) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`not ${health} within ${withinMs} ms: ${JSON.stringify(runtime.status())}`);
}

describe('health checks in the process runtime', () => {
  it('goes starting → healthy, unhealthy within interval × retries of breaking, and back', async () => {
    const desired: DesiredSandbox = {
      ...sandbox('hc', netns, []),
      workload: workloadSchema.parse({
        image: 'switchyard/toolbox',
        command: ['python3', '-m', 'http.server', '8080', '-d', dir],
        env: {},
      }),
      healthCheck: {
        kind: 'http',
        port: 8080,
        path: '/health',
        intervalMs: interval,
        timeoutMs: 1000,
        retries,
        startPeriodMs: 0,
      },
    };
    await runtime.sync([desired]);
    expect(runtime.status()[0]?.health).toBe('starting');
    await until('healthy', 5_000);

    await rm(path.join(dir, 'health'));
    const tookMs = await until('unhealthy', interval * retries + 1_500);
    await writeFile(path.join(dir, 'health'), 'ok');
    const backMs = await until('healthy', interval + 1_500);
    console.log(
      `health: unhealthy ${tookMs} ms after breaking (interval ${interval} × retries ${retries}), healthy again after ${backMs} ms`,
    );
    expect(changes).toEqual(expect.arrayContaining(['starting', 'healthy', 'unhealthy']));
  }, 20_000);
});
