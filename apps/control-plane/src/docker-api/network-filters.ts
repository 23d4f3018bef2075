import type { NetworkView } from '@switchyard/contracts';
import { badParameter } from './docker-error.js';
import { booleanFilter, labelsMatch, nameMatches, parseFilters, type Filters } from './filters.js';

export const networkListFilterKeys = ['dangling', 'driver', 'id', 'label', 'name', 'scope', 'type'] as const;
export const networkPruneFilterKeys = ['label', 'label!', 'until'] as const;

export function parseNetworkFilters(text: string | null): Filters {
  const filters = parseFilters(text, networkListFilterKeys);
  for (const type of filters.get('type') ?? []) {
    if (type !== 'custom' && type !== 'builtin') throw badParameter(`invalid filter: 'type'='${type}'`);
  }
  return filters;
}

/** `docker network ls --filter`: every key must match, any of a key's values may. */
export function networkMatches(view: NetworkView, filters: Filters): boolean {
  const any = (key: string, test: (value: string) => boolean): boolean => {
    const values = filters.get(key);
    return values === undefined || values.some(test);
  };
  const dangling = booleanFilter(filters, 'dangling');
  return (
    any('name', (pattern) => nameMatches(pattern, view.name)) &&
    any('id', (pattern) => nameMatches(pattern, view.id)) &&
    any('driver', (driver) => driver === view.driver) &&
    any('scope', (scope) => scope === view.scope) &&
    any('type', (type) => (type === 'builtin') === view.predefined) &&
    labelsMatch(filters.get('label') ?? [], view.labels) &&
    (dangling === null || dangling === (!view.predefined && view.containers.length === 0))
  );
}

/**
 * `until` of `docker network prune --filter`: a Unix timestamp, an RFC 3339 time or a Go duration
 * before now (`24h`, `1h30m`, `90s`); returns the cut-off in epoch milliseconds.
 */
export function parseUntil(value: string, now: number): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const duration = /^((\d+(\.\d+)?)(h|m|s|ms))+$/.test(value)
    ? [...value.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)].reduce((total, [, amount, unit]) => {
        const scale = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 }[unit as 'h' | 'm' | 's' | 'ms'];
        return total + Number(amount) * scale;
      }, 0)
    : null;
  if (duration !== null) return now - duration;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw badParameter(`invalid filter 'until=${value}': not a timestamp or duration`);
  return time;
}

/** The networks `docker network prune --filter` may remove: user-defined, unused, and matching. */
export function pruneCandidates(views: NetworkView[], filters: Filters, now: number): NetworkView[] {
  const cutoffs = (filters.get('until') ?? []).map((value) => parseUntil(value, now));
  const without = filters.get('label!') ?? [];
  return views.filter(
    (view) =>
      !view.predefined &&
      view.containers.length === 0 &&
      labelsMatch(filters.get('label') ?? [], view.labels) &&
      without.every((label) => !labelsMatch([label], view.labels)) &&
      cutoffs.every((cutoff) => Date.parse(view.createdAt) < cutoff),
  );
}
