import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeDataplane, fakeServices } from '../test-support/reconcile/fake-dataplane.js';
import { SpareNamespace } from './spare-namespace.js';

afterEach(() => void vi.useRealTimers());

describe('the spare namespace', () => {
  it('is made again only after the refill delay, so the start that follows a create has the CPU', async () => {
    vi.useFakeTimers();
    const dataplane = new FakeDataplane();
    const { dns } = fakeServices(dataplane.calls);
    const spare = new SpareNamespace(dataplane, dns, 'sy-h1', 1_000);
    const made = () => dataplane.calls.filter((call) => call.startsWith('netns add sy-h1-spare-'));
    spare.refill();
    spare.refill();
    await vi.advanceTimersByTimeAsync(999);
    expect(made()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(made()).toHaveLength(1);
    spare.refill();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(made()).toHaveLength(1);
    await spare.close();
  });

  it('makes nothing once closed while a refill waits', async () => {
    vi.useFakeTimers();
    const dataplane = new FakeDataplane();
    const spare = new SpareNamespace(dataplane, fakeServices(dataplane.calls).dns, 'sy-h1', 1_000);
    spare.refill();
    await spare.close();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(dataplane.calls.filter((call) => call.startsWith('netns add'))).toEqual([]);
  });
});
