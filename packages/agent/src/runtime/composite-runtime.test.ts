import { workloadSchema, type DesiredSandbox, type ObservedSandbox } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { createCompositeRuntime } from './composite-runtime.js';
import type { SandboxRuntime } from './sandbox-runtime.js';

function sandbox(id: string, runtime: 'process' | 'containerd'): DesiredSandbox {
  return {
    id,
    name: id,
    hostname: id,
    netns: null,
    workload: workloadSchema.parse({ image: 'x', command: [], env: {}, runtime }),
    running: true,
    startGeneration: 1,
    restartPolicy: { name: 'no', maximumRetryCount: 0 },
    endpoints: [],
    ports: [],
    dns: { embedded: false, servers: [], search: [], records: [], srv: [] },
    virtualServices: [],
    healthCheck: null,
  };
}

function recording(name: string) {
  const synced: string[][] = [];
  const runtime: SandboxRuntime = {
    sync: async (sandboxes) => void synced.push(sandboxes.map((entry) => entry.id)),
    status: () => (synced.at(-1) ?? []).map((id) => ({ id, status: 'running' }) as ObservedSandbox),
    logs: async () => ({ ok: true, lines: [{ stream: 'stdout', at: '', text: name }] }),
    onChange: () => undefined,
    close: async () => undefined,
    stopAll: async () => undefined,
    top: async () => ({ ok: true, titles: [name], processes: [] }),
    execCommand: async () => ({ ok: false, error: `no exec in ${name}` }),
    signal: async () => ({ ok: false, error: `no signal in ${name}` }),
  };
  return { runtime, synced };
}

describe('composite runtime', () => {
  it('routes each sandbox to the runtime its workload names', async () => {
    const process = recording('process');
    const containerd = recording('containerd');
    const composite = createCompositeRuntime({ process: process.runtime, containerd: containerd.runtime });
    await composite.sync([sandbox('a', 'process'), sandbox('b', 'containerd')]);
    expect(process.synced).toEqual([['a']]);
    expect(containerd.synced).toEqual([['b']]);
    expect(composite.status().map((entry) => entry.id)).toEqual(['a', 'b']);
    expect(await composite.top('b')).toEqual({ ok: true, titles: ['containerd'], processes: [] });
    expect(await composite.logs({ sandboxId: 'a', tail: 1 })).toMatchObject({ lines: [{ text: 'process' }] });
  });

  it('still routes a signal to a removed sandbox while its runtime is stopping it (docker rm -f)', async () => {
    const process = recording('process');
    let finishStop: () => void = () => undefined;
    const stopping = new Promise<void>((resolve) => (finishStop = resolve));
    const containerd = recording('containerd');
    const signalled: string[] = [];
    const composite = createCompositeRuntime({
      process: process.runtime,
      containerd: {
        ...containerd.runtime,
        sync: async (sandboxes) => {
          containerd.synced.push(sandboxes.map((entry) => entry.id));
          if (sandboxes.length === 0) await stopping;
        },
        signal: async (sandboxId, signal) => {
          signalled.push(`${sandboxId} ${String(signal)}`);
          return { ok: true };
        },
      },
    });
    await composite.sync([sandbox('b', 'containerd')]);
    const removal = composite.sync([]);
    expect(await composite.signal('b', 'SIGKILL')).toEqual({ ok: true });
    finishStop();
    await removal;
    expect(signalled).toEqual(['b SIGKILL']);
    expect(await composite.signal('b', 'SIGKILL')).toMatchObject({ ok: false });
  });

  it('keeps a containerd sandbox waiting, saying why, on a node without containerd', async () => {
    const process = recording('process');
    const composite = createCompositeRuntime({ process: process.runtime });
    await composite.sync([sandbox('b', 'containerd')]);
    expect(process.synced).toEqual([[]]);
    expect(composite.status()).toEqual([
      expect.objectContaining({
        id: 'b',
        status: 'created',
        error: expect.stringContaining('no containerd'),
      }),
    ]);
    expect(
      await composite.execCommand({
        execId: 'a'.repeat(64),
        sandboxId: 'b',
        command: ['sh'],
        tty: false,
        stdin: false,
        env: [],
        user: '',
        workingDir: '',
      }),
    ).toMatchObject({ ok: false });
  });
});
