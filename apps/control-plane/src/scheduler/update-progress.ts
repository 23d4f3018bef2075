import type { UpdateStatus } from '../services/spec-row.js';

/** The next UpdateStatus of a rolling update in progress; completed once nothing is outdated or coming up. */
export function progress(
  status: UpdateStatus | null,
  done: number,
  total: number,
  settled: boolean,
): UpdateStatus | null {
  if (status === null || status.state !== 'updating') return status;
  if (settled) {
    return {
      ...status,
      state: 'completed',
      completedAt: new Date().toISOString(),
      message: 'update completed',
      done: total,
      total,
    };
  }
  return { ...status, done: Math.min(done, total), total };
}
