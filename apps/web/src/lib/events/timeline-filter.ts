import {
  actorClass,
  actorClassSchema,
  eventGroup,
  eventGroupSchema,
  eventKindSchema,
  isAuditKind,
  severitySchema,
  type ActorClass,
  type EventGroup,
  type EventKind,
  type Severity,
  type SwitchyardEvent,
} from '@switchyard/contracts';
import type { inferRouterInputs } from '@trpc/server';
import type { AppRouter } from '../trpc/app-router';

/** The events query as this page sends it: always with its length. */
export type EventsInput = Extract<inferRouterInputs<AppRouter>['events']['list'], object> & { limit: number };

/** The kind select: every kind, a group of kinds (`group:network`), or one kind (`node.down`). */
export type KindChoice = 'all' | `group:${EventGroup}` | EventKind;
/** The actor select: everyone, a class of actor (`class:agent`), or one actor (`actor:admin`). */
export type ActorChoice = 'all' | `class:${ActorClass}` | `actor:${string}`;
export type SeverityChoice = 'all' | 'problems' | Severity;
export const rangePresets = ['15m', '1h', '24h', '7d', 'all', 'custom'] as const;
export type RangePreset = (typeof rangePresets)[number];

/** What the timeline's toolbar holds; it round-trips through the page's URL. */
export interface TimelineFilter {
  kind: KindChoice;
  severity: SeverityChoice;
  actor: ActorChoice;
  subject: string;
  search: string;
  range: RangePreset;
  /** `datetime-local` values, used when range is custom; empty: unbounded. */
  from: string;
  to: string;
}

export const defaultFilter: TimelineFilter = {
  kind: 'all',
  severity: 'all',
  actor: 'all',
  subject: '',
  search: '',
  range: 'all',
  from: '',
  to: '',
};

const presetMs: Record<Exclude<RangePreset, 'all' | 'custom'>, number> = {
  '15m': 15 * 60_000,
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
};

export function isKindChoice(value: string): value is KindChoice {
  if (value === 'all') return true;
  if (value.startsWith('group:')) return eventGroupSchema.safeParse(value.slice('group:'.length)).success;
  return eventKindSchema.safeParse(value).success;
}

export function isActorChoice(value: string): value is ActorChoice {
  if (value === 'all') return true;
  if (value.startsWith('class:')) return actorClassSchema.safeParse(value.slice('class:'.length)).success;
  return value.startsWith('actor:') && value.length > 'actor:'.length;
}

export function isSeverityChoice(value: string): value is SeverityChoice {
  return value === 'all' || value === 'problems' || severitySchema.safeParse(value).success;
}

const isRangePreset = (value: string): value is RangePreset =>
  (rangePresets as readonly string[]).includes(value);

/** A `datetime-local` value as an ISO instant, or undefined when empty or unreadable. */
function localToIso(value: string): string | undefined {
  if (value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The filter as the API's input; `now` anchors the relative ranges. */
export function toEventsInput(filter: TimelineFilter, limit: number, now: number): EventsInput {
  const input: EventsInput = { limit };
  const { kind, severity, actor } = filter;
  if (kind.startsWith('group:')) input.groups = [eventGroupSchema.parse(kind.slice('group:'.length))];
  else if (kind !== 'all') input.kinds = [eventKindSchema.parse(kind)];
  if (severity === 'problems') input.severities = ['warning', 'error'];
  else if (severity !== 'all') input.severities = [severity];
  if (actor.startsWith('class:')) input.actorClasses = [actorClassSchema.parse(actor.slice('class:'.length))];
  else if (actor.startsWith('actor:')) input.actor = actor.slice('actor:'.length);
  if (filter.subject.trim() !== '') input.subjectContains = filter.subject.trim();
  if (filter.search.trim() !== '') input.search = filter.search.trim();
  if (filter.range === 'custom') {
    const since = localToIso(filter.from);
    const until = localToIso(filter.to);
    if (since !== undefined) input.since = since;
    if (until !== undefined) input.until = until;
  } else if (filter.range !== 'all') {
    input.since = new Date(now - presetMs[filter.range]).toISOString();
  }
  return input;
}

const contains = (text: string | null, part: string) =>
  text !== null && text.toLowerCase().includes(part.toLowerCase());

/** Whether a pushed event belongs in a timeline asked for with `input` (as the server would decide). */
export function matchesInput(event: SwitchyardEvent, input: EventsInput): boolean {
  if (input.audit === true && !isAuditKind(event.kind)) return false;
  if (input.kinds && !input.kinds.includes(event.kind)) return false;
  if (input.groups && !input.groups.includes(eventGroup(event.kind))) return false;
  if (input.severities && !input.severities.includes(event.severity)) return false;
  if (input.actorClasses && !input.actorClasses.includes(actorClass(event.actor))) return false;
  if (input.actor !== undefined && event.actor !== input.actor) return false;
  if (input.subject !== undefined && event.subject !== input.subject) return false;
  if (input.subjectContains !== undefined && !contains(event.subject, input.subjectContains)) return false;
  if (
    input.search !== undefined &&
    ![event.message, event.subject, event.actor, event.kind].some((text) =>
      contains(text, input.search ?? ''),
    )
  )
    return false;
  if (input.since !== undefined && event.at < new Date(input.since).toISOString()) return false;
  if (input.until !== undefined && event.at > new Date(input.until).toISOString()) return false;
  return true;
}

const keys = ['kind', 'severity', 'actor', 'subject', 'search', 'range', 'from', 'to'] as const;

/** Reads the toolbar from the URL; anything unreadable falls back to its default. */
export function filterFromParams(params: Pick<URLSearchParams, 'get'>): TimelineFilter {
  const read = (key: (typeof keys)[number]) => params.get(key) ?? '';
  const kind = read('kind');
  const severity = read('severity');
  const actor = read('actor');
  const range = read('range');
  return {
    kind: isKindChoice(kind) ? kind : defaultFilter.kind,
    severity: isSeverityChoice(severity) ? severity : defaultFilter.severity,
    actor: isActorChoice(actor) ? actor : defaultFilter.actor,
    subject: read('subject'),
    search: read('search'),
    range: isRangePreset(range) ? range : defaultFilter.range,
    from: read('from'),
    to: read('to'),
  };
}

/** The toolbar as URL parameters, defaults left out so a plain page has a plain address. */
export function filterToParams(filter: TimelineFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of keys) {
    if (filter[key] !== defaultFilter[key]) params.set(key, filter[key]);
  }
  return params;
}
