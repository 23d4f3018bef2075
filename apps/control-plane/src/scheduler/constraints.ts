import { ServiceError } from '../errors.js';

/** What a placement constraint can look at on a node. */
export interface ConstrainedNode {
  name: string;
  labels: Record<string, string>;
}

export interface Constraint {
  /** `hostname` or `labels.<key>`. */
  attribute: string;
  equals: boolean;
  value: string;
}

const constraintPattern = /^node\.(hostname|labels\.[A-Za-z0-9_.-]+)\s*(==|!=)\s*(\S+)$/;

/** Parses `node.hostname==x` / `node.labels.k!=v`; the contracts' schema already checked the shape. */
export function parseConstraint(text: string, field: string): Constraint {
  const match = constraintPattern.exec(text.trim());
  if (match === null) {
    throw new ServiceError(
      'BAD_REQUEST',
      `invalid constraint "${text}": must look like node.hostname==host1 or node.labels.zone==east`,
      field,
    );
  }
  const [, attribute = '', operator, value = ''] = match;
  return { attribute, equals: operator === '==', value };
}

/** Whether the node meets the constraint; a label the node lacks never equals anything. */
export function satisfies(node: ConstrainedNode, constraint: Constraint): boolean {
  const actual =
    constraint.attribute === 'hostname'
      ? node.name
      : node.labels[constraint.attribute.slice('labels.'.length)];
  return (actual === constraint.value) === constraint.equals;
}
