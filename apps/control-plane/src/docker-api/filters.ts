import { dockerFiltersSchema } from '@switchyard/contracts';
import { badParameter } from './docker-error.js';

/** Docker's `filters` query parameter, parsed: key -> accepted values. */
export type Filters = Map<string, string[]>;

export function parseFilters(text: string | null, allowedKeys: readonly string[]): Filters {
  const filters: Filters = new Map();
  if (text === null || text.trim() === '') return filters;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badParameter(`invalid filter: ${text}`);
  }
  const parsed = dockerFiltersSchema.safeParse(json);
  if (!parsed.success) throw badParameter(`invalid filter: ${text}`);
  for (const [key, values] of Object.entries(parsed.data)) {
    if (!allowedKeys.includes(key)) throw badParameter(`invalid filter '${key}'`);
    const list = Array.isArray(values)
      ? values
      : Object.entries(values)
          .filter(([, on]) => on)
          .map(([value]) => value);
    if (list.length > 0) filters.set(key, list);
  }
  return filters;
}

/** Whether every `key` or `key=value` asked for is among `labels`, as `--filter label=` means. */
export function labelsMatch(wanted: readonly string[], labels: Record<string, string>): boolean {
  return wanted.every((entry) => {
    const at = entry.indexOf('=');
    if (at < 0) return Object.hasOwn(labels, entry);
    return labels[entry.slice(0, at)] === entry.slice(at + 1);
  });
}

/**
 * A `name` (or `id`) filter matches all or part of the name, as Docker documents it: a literal
 * substring, never a regular expression built from the caller's text (`^b` matches only a name
 * containing `^b`).
 */
export function nameMatches(pattern: string, name: string): boolean {
  return name.includes(pattern);
}

/** The values of a filter that must be `true` or `false`, as a boolean; null when not given. */
export function booleanFilter(filters: Filters, key: string): boolean | null {
  const values = filters.get(key);
  if (values === undefined) return null;
  const decoded = new Set(
    values.map((value) => {
      const lower = value.toLowerCase();
      if (lower === 'true' || lower === '1') return true;
      if (lower === 'false' || lower === '0') return false;
      throw badParameter(`invalid filter '${key}=${value}': must be true or false`);
    }),
  );
  if (decoded.size > 1) throw badParameter(`invalid filter '${key}': true and false both given`);
  return decoded.has(true);
}
