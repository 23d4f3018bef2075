import type { Db } from '../db/client.js';

export interface RetentionPolicy {
  /** Events older than this go (`SWITCHYARD_EVENTS_MAX_AGE`). */
  maxAgeMs: number;
  /** Beyond this many, the oldest go (`SWITCHYARD_EVENTS_MAX_ROWS`). */
  maxRows: number;
}

/**
 * What one pruning removes: everything before `before`, and whatever is older than the `maxRows`-th
 * newest event. Pure.
 */
export function retentionCutoff(policy: RetentionPolicy, now: Date): { before: Date; keepNewest: number } {
  return { before: new Date(now.getTime() - policy.maxAgeMs), keepNewest: policy.maxRows };
}

/**
 * Prunes the events table; returns how many rows went. Two indexed statements on `at`: the age
 * bound, then the row bound (the time of the newest row beyond the limit, and everything up to it).
 */
export async function pruneEvents(db: Db, policy: RetentionPolicy, now = new Date()): Promise<number> {
  const { before, keepNewest } = retentionCutoff(policy, now);
  const aged = await db.event.deleteMany({ where: { at: { lt: before } } });
  const [beyond] = await db.event.findMany({
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    skip: keepNewest,
    take: 1,
    select: { at: true },
  });
  if (beyond === undefined) return aged.count;
  const counted = await db.event.deleteMany({ where: { at: { lte: beyond.at } } });
  return aged.count + counted.count;
}

/** Prunes at start and then every `intervalMs` (default 10 minutes); stop() ends it. */
export function startEventRetention(
  db: Db,
  policy: RetentionPolicy,
  log: (message: string) => void,
  intervalMs = 600_000,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const prune = () => {
    running = pruneEvents(db, policy).then(
      (removed) => {
        if (removed > 0) log(`event retention: pruned ${removed} events`);
      },
      (error: unknown) =>
        log(`event retention failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  prune();
  const timer = setInterval(prune, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
