import type { Prisma } from '@prisma/client';
import { kindsOfGroup, type EventGroup, type SwitchyardEvent } from '@switchyard/contracts';
import type { Db } from '../../db/client.js';
import { toEventView } from '../../events/event-log.js';

/**
 * What ties an event to an object: its subject (for kinds of the object's own groups, so a container
 * and a network of the same name stay apart), text its message mentions (an agent object key such as
 * `network/<id>`, or `container web `), or its actor.
 */
export interface EventTies {
  subjects?: { groups: readonly EventGroup[]; names: readonly string[] };
  mentions?: readonly string[];
  actors?: readonly string[];
}

export function tiesWhere(ties: EventTies): Prisma.EventWhereInput {
  const { subjects, mentions = [], actors = [] } = ties;
  const any: Prisma.EventWhereInput[] = [
    ...(subjects && subjects.names.length > 0
      ? [{ subject: { in: [...subjects.names] }, kind: { in: subjects.groups.flatMap(kindsOfGroup) } }]
      : []),
    ...mentions.map((text) => ({ message: { contains: text } })),
    ...(actors.length > 0 ? [{ actor: { in: [...actors] } }] : []),
  ];
  // Prisma reads an empty OR as "anything": with nothing to tie to, nothing matches.
  return any.length === 0 ? { id: { in: [] } } : { OR: any };
}

/** The newest events about an object, newest first. */
export async function relatedEvents(db: Db, ties: EventTies, limit = 100): Promise<SwitchyardEvent[]> {
  const rows = await db.event.findMany({
    where: tiesWhere(ties),
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: limit,
  });
  return rows.map(toEventView);
}
