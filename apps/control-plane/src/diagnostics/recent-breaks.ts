import type { PathBreak, PathCheckResult } from '@switchyard/contracts';

export interface RecentBreaksLimits {
  /** At most this many breaks are kept, the newest. */
  max: number;
  /** A break older than this is forgotten: the kernel may have changed since. */
  ttlMs: number;
}

const defaultLimits: RecentBreaksLimits = { max: 50, ttlMs: 10 * 60_000 };

/**
 * The broken steps of the latest path and target checks, for the topology to mark. In memory only: a
 * restart forgets them, as a new check would replace them anyway. A later check of the same path
 * replaces what the earlier one found, so an object it now passes loses its mark.
 */
export class RecentBreaks {
  private breaks: PathBreak[] = [];

  constructor(
    private readonly now: () => number = Date.now,
    private readonly limits: RecentBreaksLimits = defaultLimits,
  ) {}

  record(result: PathCheckResult): void {
    const path = `${result.from} → ${result.to}`;
    const checkedAt = new Date(this.now()).toISOString();
    const found = result.steps.flatMap((step) =>
      step.status === 'broken' && step.subject !== undefined
        ? [{ path, checkedAt, title: step.title, message: step.message, subject: step.subject }]
        : [],
    );
    this.breaks = [...this.fresh().filter((known) => known.path !== path), ...found].slice(-this.limits.max);
  }

  /** The breaks still remembered, oldest first. */
  list(): PathBreak[] {
    this.breaks = this.fresh();
    return [...this.breaks];
  }

  private fresh(): PathBreak[] {
    const oldest = this.now() - this.limits.ttlMs;
    return this.breaks.filter((known) => Date.parse(known.checkedAt) >= oldest);
  }
}
