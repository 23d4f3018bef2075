import type { Prisma } from '@prisma/client';
import { z } from 'zod';
import {
  actorClassSchema,
  agentActorPrefixes,
  auditEventKinds,
  eventGroupSchema,
  eventKindSchema,
  kindsOfGroup,
  severitySchema,
  systemActor,
  type ActorClass,
  type EventKind,
} from '@switchyard/contracts';

const text = z.string().trim().min(1, 'must not be empty').max(256);

/** What the events timeline and the audit log can ask for; every part narrows the result. */
export const eventFilterSchema = z
  .object({
    /** Kind groups (`node`, `agent`, `network`...): events of any kind in any of them. */
    groups: z.array(eventGroupSchema).max(20).optional(),
    kinds: z.array(eventKindSchema).max(100).optional(),
    severities: z.array(severitySchema).max(3).optional(),
    actorClasses: z.array(actorClassSchema).max(3).optional(),
    /** One actor exactly: `admin`, `node:sy-host1`, `docker-api@127.0.0.1`. */
    actor: text.optional(),
    /** One subject exactly. */
    subject: z.string().max(256).optional(),
    /** Part of the subject. */
    subjectContains: text.optional(),
    /** Part of the message, subject, actor or kind. */
    search: text.optional(),
    /** Events whose message names any of these agent object keys (`network/<id>`, `sandbox/<id>`). */
    objects: z.array(text).max(50).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    /** Only what the audit log lists: changes people asked for, sign-ins and refusals. */
    audit: z.boolean().optional(),
    /** Older than this event (paging back through a long log). */
    before: z.object({ at: z.iso.datetime(), id: z.string().min(1).max(64) }).optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .refine((filter) => !filter.since || !filter.until || filter.since <= filter.until, {
    path: ['until'],
    message: 'must not be before since',
  });
export type EventFilter = z.output<typeof eventFilterSchema>;

function actorClassWhere(actorClass: ActorClass): Prisma.EventWhereInput {
  const agent = agentActorPrefixes.map((prefix) => ({ actor: { startsWith: prefix } }));
  if (actorClass === 'system') return { actor: systemActor };
  if (actorClass === 'agent') return { OR: agent };
  return { NOT: [{ actor: systemActor }, ...agent] };
}

/** The kinds the filter allows, or undefined when it allows them all. */
function allowedKinds(filter: EventFilter): EventKind[] | undefined {
  const sets = [
    filter.kinds,
    filter.groups?.flatMap(kindsOfGroup),
    filter.audit === true ? [...auditEventKinds] : undefined,
  ].filter((set) => set !== undefined);
  if (sets.length === 0) return undefined;
  return sets.reduce((kept, set) => kept.filter((kind) => set.includes(kind)));
}

/** The filter as a Prisma `where`: every given part must hold. */
export function eventWhere(filter: EventFilter): Prisma.EventWhereInput {
  const kinds = allowedKinds(filter);
  const all: Prisma.EventWhereInput[] = [];
  if (kinds !== undefined) all.push({ kind: { in: kinds } });
  if (filter.severities !== undefined) all.push({ severity: { in: filter.severities } });
  if (filter.actorClasses !== undefined) all.push({ OR: filter.actorClasses.map(actorClassWhere) });
  if (filter.actor !== undefined) all.push({ actor: filter.actor });
  if (filter.subject !== undefined) all.push({ subject: filter.subject });
  if (filter.subjectContains !== undefined) all.push({ subject: { contains: filter.subjectContains } });
  if (filter.search !== undefined) {
    const term = filter.search;
    all.push({
      OR: [
        { message: { contains: term } },
        { subject: { contains: term } },
        { actor: { contains: term } },
        { kind: { contains: term } },
      ],
    });
  }
  if (filter.objects !== undefined)
    all.push({ OR: filter.objects.map((key) => ({ message: { contains: key } })) });
  if (filter.since !== undefined) all.push({ at: { gte: new Date(filter.since) } });
  if (filter.until !== undefined) all.push({ at: { lte: new Date(filter.until) } });
  if (filter.before !== undefined) {
    const at = new Date(filter.before.at);
    all.push({ OR: [{ at: { lt: at } }, { at, id: { lt: filter.before.id } }] });
  }
  return all.length === 0 ? {} : { AND: all };
}
