import { describe, expect, it } from 'vitest';
import { coalescedRefresh } from './coalesced-refresh';

describe('coalescedRefresh', () => {
  it('runs once per request while idle, and once more after a burst during a run', async () => {
    const finish: (() => void)[] = [];
    let runs = 0;
    const refresh = coalescedRefresh(() => {
      runs += 1;
      return new Promise<void>((resolve) => finish.push(resolve));
    });
    refresh.request();
    for (let index = 0; index < 10; index += 1) refresh.request();
    expect(runs).toBe(1);
    finish.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(runs).toBe(2);
    finish.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(runs).toBe(2);
    refresh.request();
    expect(runs).toBe(3);
  });

  it('spaces the runs of a burst', async () => {
    const started: number[] = [];
    const refresh = coalescedRefresh(async () => {
      started.push(Date.now());
    }, 60);
    refresh.request();
    refresh.request();
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(started).toHaveLength(2);
    expect((started[1] ?? 0) - (started[0] ?? 0)).toBeGreaterThanOrEqual(55);
  });

  it('keeps going after a failed run', async () => {
    let runs = 0;
    const refresh = coalescedRefresh(() => {
      runs += 1;
      return Promise.reject(new Error('offline'));
    });
    refresh.request();
    refresh.request();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(runs).toBe(2);
  });
});
