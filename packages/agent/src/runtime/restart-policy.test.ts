import { describe, expect, it } from 'vitest';
import { defaultBackoff, exitCodeOf, restartDelayMs, shouldRestart } from './restart-policy.js';

const policy = (name: 'no' | 'on-failure' | 'always' | 'unless-stopped', maximumRetryCount = 0) => ({
  name,
  maximumRetryCount,
});

describe('restart policy', () => {
  it('never restarts with "no"', () => {
    expect(shouldRestart({ policy: policy('no'), exitCode: 1, restartCount: 0 })).toBe(false);
  });

  it('restarts on failure only, up to the retry count when one is set', () => {
    expect(shouldRestart({ policy: policy('on-failure', 2), exitCode: 0, restartCount: 0 })).toBe(false);
    expect(shouldRestart({ policy: policy('on-failure', 2), exitCode: 3, restartCount: 1 })).toBe(true);
    expect(shouldRestart({ policy: policy('on-failure', 2), exitCode: 3, restartCount: 2 })).toBe(false);
    expect(shouldRestart({ policy: policy('on-failure'), exitCode: 137, restartCount: 1000 })).toBe(true);
  });

  it('restarts after any exit with always and unless-stopped', () => {
    for (const name of ['always', 'unless-stopped'] as const)
      expect(shouldRestart({ policy: policy(name, 1), exitCode: 0, restartCount: 5 })).toBe(true);
  });

  it('backs off from 100 ms, doubling, capped', () => {
    expect([0, 1, 2, 3, 6, 100].map((failures) => restartDelayMs(defaultBackoff, failures))).toEqual([
      100, 200, 400, 800, 5000, 5000,
    ]);
  });

  it('reports a signal as 128 + its number', () => {
    expect(exitCodeOf(3, undefined)).toBe(3);
    expect(exitCodeOf(null, 15)).toBe(143);
  });
});
