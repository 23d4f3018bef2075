import type { HealthCheck, HealthStatus } from '@switchyard/contracts';

export interface HealthState {
  status: HealthStatus;
  /** Failed probes in a row since the last success (those in the start period do not count). */
  failures: number;
}

export const startingHealth: HealthState = { status: 'starting', failures: 0 };

/**
 * Docker's rules: a success makes the task healthy at once; a failure counts only after the start
 * period, and `retries` of them in a row make it unhealthy.
 */
export function nextHealth(
  state: HealthState,
  ok: boolean,
  sinceStartMs: number,
  check: Pick<HealthCheck, 'retries' | 'startPeriodMs'>,
): HealthState {
  if (ok) return { status: 'healthy', failures: 0 };
  if (sinceStartMs < check.startPeriodMs) return state;
  const failures = state.failures + 1;
  return { status: failures >= check.retries ? 'unhealthy' : state.status, failures };
}
