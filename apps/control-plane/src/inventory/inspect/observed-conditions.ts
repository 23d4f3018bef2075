import { z } from 'zod';
import { conditionSchema, parseConditionObject, type Condition } from '@switchyard/contracts';
import { readJsonColumn } from '../../db/json-column.js';
import { describeObject, type ObjectNames } from '../object-names.js';

const conditionsColumn = z.array(conditionSchema);

export const readConditions = (text: string): Condition[] => readJsonColumn(conditionsColumn, text);

/** What an agent last said about one object: ready, or failing and why; null when it said nothing. */
export interface ObservedCondition {
  ready: boolean;
  message: string | null;
}

export function conditionOf(conditions: readonly Condition[], object: string): ObservedCondition | null {
  const found = conditions.find((condition) => condition.object === object);
  return found === undefined ? null : { ready: found.ready, message: found.message ?? null };
}

/** The dashboard page an object key leads to: a network or a container, by id or name. */
export type ObjectLink = { kind: 'network' | 'container'; key: string };

export function objectLink(key: string): ObjectLink | null {
  const object = parseConditionObject(key);
  switch (object.kind) {
    case 'network':
    case 'network-peers':
    case 'ingress':
      return { kind: 'network', key: object.networkId };
    case 'sandbox':
      return { kind: 'container', key: object.sandboxId };
    case 'loadbalancer':
      return { kind: 'container', key: object.sandboxName };
    default:
      return null;
  }
}

/** One reported condition, readable and with where to look. */
export interface DescribedCondition extends ObservedCondition {
  object: string;
  label: string;
  link: ObjectLink | null;
}

export function describeCondition(condition: Condition, names: ObjectNames): DescribedCondition {
  return {
    object: condition.object,
    label: describeObject(condition.object, names),
    ready: condition.ready,
    message: condition.message ?? null,
    link: objectLink(condition.object),
  };
}

/** Failing first, then by object, so what needs attention leads. */
export function byAttention(a: DescribedCondition, b: DescribedCondition): number {
  if (a.ready !== b.ready) return a.ready ? 1 : -1;
  return a.object.localeCompare(b.object);
}
