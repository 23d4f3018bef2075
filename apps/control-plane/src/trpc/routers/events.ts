import { z } from 'zod';
import { eventKindSchema } from '@switchyard/contracts';
import { toEventView } from '../../events/event-log.js';
import { router, viewerProcedure } from '../trpc.js';

export const eventsRouter = router({
  list: viewerProcedure
    .input(
      z
        .object({
          kinds: z.array(eventKindSchema).max(50).optional(),
          subject: z.string().max(256).optional(),
          limit: z.number().int().min(1).max(1000).default(200),
        })
        .default({ limit: 200 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.services.db.event.findMany({
        where: {
          ...(input.kinds !== undefined ? { kind: { in: input.kinds } } : {}),
          ...(input.subject !== undefined ? { subject: input.subject } : {}),
        },
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        take: input.limit,
      });
      return rows.map(toEventView);
    }),
});
