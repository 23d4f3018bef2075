import type { NodeView, ServiceView, TaskView } from '@switchyard/contracts';
import { badParameter } from './docker-error.js';
import { labelsMatch, parseFilters, type Filters } from './filters.js';

const anyOf = (filters: Filters, key: string, test: (value: string) => boolean): boolean => {
  const values = filters.get(key);
  return values === undefined || values.some(test);
};

/** Swarm matches ids and names by prefix in its filters. */
const idMatches = (prefix: string, id: string): boolean => id.startsWith(prefix);

export const parseServiceFilters = (text: string | null): Filters =>
  parseFilters(text, ['id', 'label', 'mode', 'name']);

/** `docker service ls --filter`; `name` is a prefix match, as Swarm does it. */
export function serviceMatches(view: ServiceView, filters: Filters): boolean {
  return (
    anyOf(filters, 'id', (id) => idMatches(id, view.id)) &&
    anyOf(filters, 'name', (name) => view.spec.name.startsWith(name)) &&
    anyOf(filters, 'mode', (mode) => mode === view.spec.mode) &&
    labelsMatch(filters.get('label') ?? [], view.spec.labels)
  );
}

export function parseTaskFilters(text: string | null): Filters {
  const filters = parseFilters(text, [
    'desired-state',
    'id',
    'label',
    'name',
    'node',
    'service',
    '_up-to-date',
  ]);
  for (const state of filters.get('desired-state') ?? []) {
    if (!['running', 'shutdown', 'accepted'].includes(state)) {
      throw badParameter(`invalid filter 'desired-state=${state}': running, shutdown or accepted`);
    }
  }
  return filters;
}

export interface TaskFilterContext {
  services: readonly ServiceView[];
  nodes: readonly NodeView[];
}

/**
 * `docker service ps` and the CLI's convergence polling. `service` and `node` take ids, id prefixes
 * or names; `_up-to-date` keeps the tasks at the service's current spec: the service layer marks
 * every older task desired-shutdown as it replaces it.
 */
export function taskMatches(task: TaskView, filters: Filters, context: TaskFilterContext): boolean {
  const service = context.services.find((s) => s.id === task.serviceId);
  const node = context.nodes.find((n) => n.id === task.nodeId);
  return (
    anyOf(filters, 'id', (id) => idMatches(id, task.id)) &&
    anyOf(filters, 'name', (name) => task.name.startsWith(name)) &&
    anyOf(filters, 'service', (key) => idMatches(key, task.serviceId) || service?.spec.name === key) &&
    anyOf(
      filters,
      'node',
      (key) => task.nodeId !== null && (idMatches(key, task.nodeId) || node?.name === key),
    ) &&
    anyOf(
      filters,
      'desired-state',
      (state) => state === task.desiredState || (state === 'accepted' && task.desiredState === 'running'),
    ) &&
    labelsMatch(filters.get('label') ?? [], {}) &&
    (!filters.has('_up-to-date') || task.desiredState === 'running')
  );
}

/** Whether a service's unplaced slots (on no node, desired running) pass the task filters. */
export function pendingMatches(service: ServiceView, filters: Filters): boolean {
  return (
    !filters.has('id') &&
    !filters.has('node') &&
    anyOf(filters, 'name', (name) => service.spec.name.startsWith(name)) &&
    anyOf(filters, 'service', (key) => idMatches(key, service.id) || service.spec.name === key) &&
    anyOf(filters, 'desired-state', (state) => state === 'running' || state === 'accepted') &&
    labelsMatch(filters.get('label') ?? [], {})
  );
}

export const parseNodeFilters = (text: string | null): Filters =>
  parseFilters(text, ['id', 'label', 'membership', 'name', 'node.label', 'role']);

/** `docker node ls --filter`; `label` is the engine's labels (none), `node.label` the node's. */
export function nodeMatches(node: NodeView, filters: Filters): boolean {
  return (
    anyOf(filters, 'id', (id) => idMatches(id, node.id)) &&
    anyOf(filters, 'name', (name) => node.name.startsWith(name)) &&
    anyOf(filters, 'role', (role) => role === 'worker') &&
    anyOf(filters, 'membership', (membership) => membership === 'accepted') &&
    labelsMatch(filters.get('label') ?? [], {}) &&
    labelsMatch(filters.get('node.label') ?? [], node.labels)
  );
}
