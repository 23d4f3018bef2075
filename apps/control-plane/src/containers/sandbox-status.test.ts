import type { ObservedSandbox } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { LiveBus } from '../events/live-bus.js';
import { awaitSandbox } from './sandbox-status.js';

const running = (id: string): ObservedSandbox => ({
  id,
  status: 'running',
  pid: 42,
  exitCode: null,
  startedAt: '2026-11-29T06:00:00.000Z',
  finishedAt: null,
  restartCount: 0,
  health: null,
});

const startWait = (bus: LiveBus, timeoutMs = 1_000) =>
  awaitSandbox(bus, 'sb1', (sandbox) => sandbox.status === 'running', timeoutMs, 'sb1 did not start');

describe('awaitSandbox', () => {
  it('counts a report that came before its own push returned: another push carried the change', async () => {
    const bus = new LiveBus();
    const wait = startWait(bus);
    bus.emit('sandbox.observed', { nodeId: 'n1', revision: 7, sandbox: running('sb1') });
    wait.expect(7);
    await expect(wait.result).resolves.toMatchObject({ id: 'sb1', status: 'running' });
  });

  it('ignores reports older than the revision that carries the change, and other sandboxes', async () => {
    const bus = new LiveBus();
    const wait = startWait(bus, 100);
    bus.emit('sandbox.observed', { nodeId: 'n1', revision: 6, sandbox: running('sb1') });
    wait.expect(7);
    bus.emit('sandbox.observed', { nodeId: 'n1', revision: 8, sandbox: running('sb2') });
    await expect(wait.result).rejects.toThrow('sb1 did not start');
  });

  it('resolves on a later report once the revision is known', async () => {
    const bus = new LiveBus();
    const wait = startWait(bus);
    wait.expect(7);
    bus.emit('sandbox.observed', { nodeId: 'n1', revision: 8, sandbox: running('sb1') });
    await expect(wait.result).resolves.toMatchObject({ id: 'sb1' });
  });
});
