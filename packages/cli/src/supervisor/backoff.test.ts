import { describe, expect, it } from 'vitest';
import { failuresAfter, restartDelay } from './backoff.js';

describe('restart backoff', () => {
  it('restarts at once, then waits longer each time up to 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 20].map(restartDelay)).toEqual([
      0, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('counts deaths in a row until a process stays up for a minute', () => {
    let failures = 0;
    const delays: number[] = [];
    for (const upMs of [5_000, 200, 200, 59_999, 60_000, 100]) {
      delays.push(restartDelay(failures));
      failures = failuresAfter(failures, upMs);
    }
    expect(delays).toEqual([0, 500, 1_000, 2_000, 4_000, 0]);
  });
});
