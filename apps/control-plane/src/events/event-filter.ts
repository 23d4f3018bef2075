import type { Prisma } from '@prisma/client';
import {
  agentActorPrefixes,
  auditEventKinds,
  kindsOfGroup,
  systemActor,
  type ActorClass,
  type EventFilter,
  type EventKind,
} from '@switchyard/contracts';

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
