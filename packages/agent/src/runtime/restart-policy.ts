import type { RestartPolicy } from '@switchyard/contracts';

export interface ExitFacts {
  policy: RestartPolicy;
  exitCode: number;
  /** Restarts already made for this start (reset by every `docker start`). */
  restartCount: number;
}

/**
 * Docker's rules for a process that exited on its own while it should be running: `no` never
 * restarts; `on-failure` restarts after a non-zero exit, at most `maximumRetryCount` times when
 * that is above zero; `always` and `unless-stopped` restart after any exit.
 */
export function shouldRestart({ policy, exitCode, restartCount }: ExitFacts): boolean {
  switch (policy.name) {
    case 'no':
      return false;
    case 'on-failure':
      return exitCode !== 0 && (policy.maximumRetryCount === 0 || restartCount < policy.maximumRetryCount);
    case 'always':
    case 'unless-stopped':
      return true;
  }
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
  /** A process that ran this long is healthy again: the next restart waits `initialMs`. */
  resetAfterMs: number;
}

export const defaultBackoff: Backoff = { initialMs: 100, maxMs: 5_000, resetAfterMs: 10_000 };

/** The wait before a restart: doubling from `initialMs` with each quick failure, capped. */
export function restartDelayMs(backoff: Backoff, quickFailures: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(quickFailures, 30));
}

/** Docker reports a process killed by a signal as 128 + the signal's number. */
export function exitCodeOf(code: number | null, signalNumber: number | undefined): number {
  if (code !== null) return code;
  return 128 + (signalNumber ?? 0);
}
