import { z } from 'zod';
import { actorClassSchema, eventGroupSchema } from '../event-groups.js';
import { eventKindSchema, severitySchema } from '../events.js';

const text = z.string().trim().min(1, 'must not be empty').max(256);

/** What the events timeline and the audit log can ask for; every part narrows the result. */
export const eventFilterSchema = z
  .object({
    /** Kind groups (`node`, `agent`, `network`...): events of any kind in any of them. */
    groups: z.array(eventGroupSchema).max(20).optional(),
    kinds: z.array(eventKindSchema).max(100).optional(),
    severities: z.array(severitySchema).max(3).optional(),
    actorClasses: z.array(actorClassSchema).max(3).optional(),
    /** One actor exactly: `admin`, `node:sy-host1`, `root`, `docker-api:vera`. */
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

/** Who has caused events: everyone, or only those with audited events. */
export const eventActorsInputSchema = z
  .object({ audit: z.boolean().default(false) })
  .default({ audit: false });
