import {
  parseConditionObject,
  reportedOnlyWhenFailing,
  type Condition,
  type ObservedState,
} from '@switchyard/contracts';
import type { EventInput } from '../events/event-log.js';

/** How an object key reads in a message: `network front (network/<id>)`, or the key alone. */
export type ObjectNamer = (key: string) => string;

/** An object that started failing, or stopped failing, between two reports of one node. */
export type ConditionChange =
  | { change: 'failed'; object: string; message: string | null }
  | { change: 'recovered'; object: string; previousMessage: string | null; gone: boolean };

/**
 * Compares a node's previous conditions with its new ones. An object fails when it was ready or not
 * reported before and is failing now; it recovers when it was failing and is ready now, or is no
 * longer reported (an object named only while failing is then fine; any other is gone from the host).
 * A failure whose reason merely changed is not a new failure.
 */
export function conditionChanges(
  previous: readonly Condition[],
  next: readonly Condition[],
): ConditionChange[] {
  const before = new Map(previous.map((condition) => [condition.object, condition]));
  const after = new Map(next.map((condition) => [condition.object, condition]));
  const changes: ConditionChange[] = [];
  for (const condition of after.values()) {
    if (condition.ready || before.get(condition.object)?.ready === false) continue;
    changes.push({ change: 'failed', object: condition.object, message: condition.message ?? null });
  }
  for (const condition of before.values()) {
    if (condition.ready) continue;
    const now = after.get(condition.object);
    if (now !== undefined && !now.ready) continue;
    changes.push({
      change: 'recovered',
      object: condition.object,
      previousMessage: condition.message ?? null,
      gone: now === undefined && !reportedOnlyWhenFailing(parseConditionObject(condition.object)),
    });
  }
  return changes;
}

/** The events a node's report gives rise to, told as the node's agent (`node:<name>`). */
export function conditionEvents(
  nodeName: string,
  changes: readonly ConditionChange[],
  name: ObjectNamer,
): EventInput[] {
  return changes.map((change) => {
    const base = { actor: `node:${nodeName}`, subject: nodeName };
    if (change.change === 'failed') {
      return {
        ...base,
        kind: 'agent.condition.failed',
        severity: 'error',
        message: `${nodeName}: ${name(change.object)} is failing: ${change.message ?? 'no reason given'}`,
      };
    }
    const was = change.previousMessage === null ? '' : ` (it was failing: ${change.previousMessage})`;
    return {
      ...base,
      kind: 'agent.condition.recovered',
      severity: 'info',
      message: change.gone
        ? `${nodeName}: ${name(change.object)} is no longer on this host${was}`
        : `${nodeName}: ${name(change.object)} is ready again${was}`,
    };
  });
}

/**
 * The drift a report says was repaired, as one event naming each object and, where the agent said,
 * what was wrong with it and what it did (`chain svc-abc had 0 of 1 rule: restored …`).
 */
export function driftEvent(
  nodeName: string,
  repaired: ObservedState['driftRepaired'],
  name: ObjectNamer,
  findings: ObservedState['drift'] = [],
): EventInput {
  const said = new Map(findings.map((finding) => [finding.object, finding]));
  const told = repaired.map((object) => {
    const finding = said.get(object);
    return finding === undefined ? name(object) : `${name(object)}: ${finding.found}: ${finding.repaired}`;
  });
  return {
    kind: 'agent.drift.repaired',
    severity: 'warning',
    actor: `node:${nodeName}`,
    subject: nodeName,
    message: `${nodeName} found drift and repaired it: ${told.join(', ')}`,
  };
}
