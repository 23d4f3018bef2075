import {
  describeRestart,
  eventActorsInputSchema,
  eventFilterSchema,
  processRestartSchema,
} from '@switchyard/contracts';
import { ServiceError } from '../../errors.js';
import { toEventView } from '../../events/event-log.js';
import { eventWhere } from '../../events/event-filter.js';
import { localCliActor } from '../context.js';
import { adminProcedure, router, viewerProcedure } from '../trpc.js';

/** As many events as an export gives at once: a year of a busy cluster's changes. */
const exportLimit = 20_000;

export const eventsRouter = router({
  /** Newest first; every filter narrows. The dashboard's timeline and the audit log read this. */
  list: viewerProcedure.input(eventFilterSchema.default({ limit: 200 })).query(async ({ ctx, input }) => {
    const rows = await ctx.services.db.event.findMany({
      where: eventWhere(input),
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: input.limit,
    });
    return rows.map(toEventView);
  }),

  /** Who has caused events (optionally only audited ones), with how many each: the actor filter's choices. */
  actors: viewerProcedure.input(eventActorsInputSchema).query(async ({ ctx, input }) => {
    const groups = await ctx.services.db.event.groupBy({
      by: ['actor'],
      where: eventWhere(eventFilterSchema.parse({ audit: input.audit })),
      _count: { _all: true },
      orderBy: { actor: 'asc' },
    });
    return groups.map((group) => ({ actor: group.actor, count: group._count._all }));
  }),

  /** Everything the filter matches, oldest first, for a download (CSV or JSON, made by the browser). */
  export: viewerProcedure.input(eventFilterSchema.default({ limit: 200 })).query(async ({ ctx, input }) => {
    const rows = await ctx.services.db.event.findMany({
      where: eventWhere(input),
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: exportLimit,
    });
    return { events: rows.reverse().map(toEventView), truncated: rows.length === exportLimit };
  }),

  /**
   * The local supervisor (`switchyard start`) reports a process it restarted after an unasked-for
   * death; only it saw how the process ended. Only the local CLI's token may: no one else can speak
   * for this machine's processes.
   */
  reportRestart: adminProcedure.input(processRestartSchema).mutation(async ({ ctx, input }) => {
    // The very object the CLI's bearer token resolves to: a user who happens to be named local-cli is not it.
    if (ctx.actor !== localCliActor)
      throw new ServiceError('FORBIDDEN', 'only the local supervisor (switchyard start) reports restarts');
    return ctx.services.events.record({
      kind: 'process.restarted',
      severity: 'warning',
      actor: 'system',
      subject: input.process === 'agent' ? (input.host ?? null) : input.process,
      message: describeRestart(input),
    });
  }),
});
