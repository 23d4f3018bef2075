import { z } from 'zod';
import { serviceSpecSchema } from '@switchyard/contracts';
import { operatorProcedure, router, viewerProcedure } from '../trpc.js';

const serviceKey = z.object({ service: z.string().trim().min(1, 'is required') });

export const servicesRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.services.services.list()),

  get: viewerProcedure.input(serviceKey).query(({ ctx, input }) => ctx.services.services.get(input.service)),

  create: operatorProcedure
    .input(serviceSpecSchema)
    .mutation(({ ctx, input }) => ctx.services.services.create(input, ctx.actor.username)),

  /** Replaces the spec; a change to what tasks run rolls them over one `parallelism` batch at a time. */
  update: operatorProcedure
    .input(serviceKey.extend({ spec: serviceSpecSchema, version: z.number().int().optional() }))
    .mutation(({ ctx, input }) =>
      ctx.services.services.update(input.service, input.spec, input.version ?? null, ctx.actor.username),
    ),

  scale: operatorProcedure
    .input(serviceKey.extend({ replicas: z.number().int().min(0).max(1_000) }))
    .mutation(({ ctx, input }) =>
      ctx.services.services.scale(input.service, input.replicas, ctx.actor.username),
    ),

  remove: operatorProcedure.input(serviceKey).mutation(async ({ ctx, input }) => {
    await ctx.services.services.remove(input.service, ctx.actor.username);
    return { ok: true };
  }),

  /** Every task of every service, history included. */
  tasks: viewerProcedure.query(({ ctx }) => ctx.services.services.tasks()),

  logs: viewerProcedure
    .input(serviceKey.extend({ tail: z.number().int().positive().nullable().default(200) }))
    .query(({ ctx, input }) => ctx.services.services.logs(input.service, { tail: input.tail })),
});
