import type { Condition, DriftFinding } from '@switchyard/contracts';

/** What one pass found and did, gathered as it goes. */
export interface PassResult {
  conditions: Condition[];
  driftRepaired: string[];
  /** What the repaired objects were found to be, where a step can say (see DriftFinding). */
  drift?: DriftFinding[];
}

/** The most a report's words about one object may hold (the contracts' limit). */
const wordsLimit = 2048;

/** `text` cut to `limit` characters, saying so: a report over the limit would be refused whole. */
export function clip(text: string, limit = wordsLimit): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** Records a repaired object with what was wrong with it and what was done. */
export function repaired(result: PassResult, object: string, found: string, done: string): void {
  result.driftRepaired.push(object);
  (result.drift ??= []).push({ object, found: clip(found), repaired: clip(done) });
}

/** An object a resync read back different from what was applied, and how, before it is repaired. */
export interface Drifted {
  object: string;
  found: string;
}

/**
 * Told what a resync found drifted before it repairs it, so the control plane sees those objects not
 * ready (read back and not equal) until the repair's own report.
 */
export type BeforeRepair = (drifted: readonly Drifted[]) => void;

/** The condition of an object found drifted, until it is repaired. */
export function driftedCondition({ object, found }: Drifted): Condition {
  return { object, ready: false, message: clip(`drifted from what was applied: ${found}; repairing`) };
}

/**
 * Records one object of a step: not ready with `message`, else ready; `changed`: the pass had to
 * change it, `found` saying how it differed and `done` what put it back, when the step can tell.
 */
export type Settle = (
  object: string,
  changed: boolean,
  message: string | undefined,
  found?: string,
  done?: string,
) => void;

/** The first few of the lines a repair ran, for its event. */
export function describeLines(lines: readonly string[], shown = 3): string {
  const head = lines
    .slice(0, shown)
    .map((line) => `\`${line}\``)
    .join(', ');
  return lines.length > shown ? `${head} and ${lines.length - shown} more` : head;
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `conditions` with each of `updates` in place of the condition on the same object, or added. */
export function mergeConditions(
  conditions: readonly Condition[],
  updates: readonly Condition[],
): Condition[] {
  const byObject = new Map(updates.map((condition) => [condition.object, condition]));
  const merged = conditions.map((condition) => byObject.get(condition.object) ?? condition);
  const present = new Set(conditions.map((condition) => condition.object));
  return [...merged, ...updates.filter((condition) => !present.has(condition.object))];
}
