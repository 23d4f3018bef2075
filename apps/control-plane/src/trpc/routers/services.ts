import {
  serviceSpecSchema,
  serviceKeySchema,
  serviceUpdateInputSchema,
  serviceScaleInputSchema,
  serviceLogsInputSchema,
} from '@switchyard/contracts';
import { operatorProcedure, router, viewerProcedure } from '../trpc.js';

export const servicesRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.services.services.list()),

  get: viewerProcedure
    .input(serviceKeySchema)
    .query(({ ctx, input }) => ctx.services.services.get(input.service)),

  create: operatorProcedure
    .input(serviceSpecSchema)
    .mutation(({ ctx, input }) => ctx.services.services.create(input, ctx.actor.username)),

  /** Replaces the spec; a change to what tasks run rolls them over one `parallelism` batch at a time. */
  update: operatorProcedure
    .input(serviceUpdateInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.services.update(input.service, input.spec, input.version ?? null, ctx.actor.username),
    ),

  scale: operatorProcedure
    .input(serviceScaleInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.services.scale(input.service, input.replicas, ctx.actor.username),
    ),

  remove: operatorProcedure.input(serviceKeySchema).mutation(async ({ ctx, input }) => {
    await ctx.services.services.remove(input.service, ctx.actor.username);
    return { ok: true };
  }),

  /** Every task of every service, history included. */
  tasks: viewerProcedure.query(({ ctx }) => ctx.services.services.tasks()),

  logs: viewerProcedure
    .input(serviceLogsInputSchema)
    .query(({ ctx, input }) => ctx.services.services.logs(input.service, { tail: input.tail })),
});
