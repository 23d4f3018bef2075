/**
 * How long a supervisor waits before starting a process that died again: at once the first time,
 * then doubling from half a second up to 30 s while it keeps dying, so a crash loop does not spin;
 * a process that stayed up for a minute counts as healthy again and its next death restarts at once.
 */
export const restartPolicy = { firstDelayMs: 500, maxDelayMs: 30_000, stableAfterMs: 60_000 } as const;

/** The delay before the restart that follows `failures` earlier restarts in a row (0: the first). */
export function restartDelay(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(restartPolicy.firstDelayMs * 2 ** (failures - 1), restartPolicy.maxDelayMs);
}

/** The run of restarts in a row after a process that was up for `upMs` died. */
export function failuresAfter(previousFailures: number, upMs: number): number {
  return upMs >= restartPolicy.stableAfterMs ? 0 : previousFailures + 1;
}
