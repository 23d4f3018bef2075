import { z } from 'zod';
import { containerCreateSchema } from '@switchyard/contracts';
import { operatorProcedure, router, viewerProcedure } from '../trpc.js';

const containerKey = z.object({ container: z.string().trim().min(1, 'is required') });

export const containersRouter = router({
  /** Running ones only unless `all` (as `docker ps -a`); the dashboard asks for all. */
  list: viewerProcedure
    .input(z.object({ all: z.boolean().default(true) }).default({ all: true }))
    .query(({ ctx, input }) => ctx.services.containers.list(input)),

  get: viewerProcedure
    .input(containerKey)
    .query(({ ctx, input }) => ctx.services.containers.get(input.container)),

  create: operatorProcedure
    .input(containerCreateSchema)
    .mutation(({ ctx, input }) => ctx.services.containers.create(input, ctx.actor.username)),

  start: operatorProcedure
    .input(containerKey)
    .mutation(({ ctx, input }) => ctx.services.containers.start(input.container, ctx.actor.username)),

  stop: operatorProcedure
    .input(containerKey.extend({ timeoutSeconds: z.number().int().min(0).max(600).optional() }))
    .mutation(({ ctx, input }) =>
      ctx.services.containers.stop(input.container, ctx.actor.username, input.timeoutSeconds),
    ),

  remove: operatorProcedure
    .input(containerKey.extend({ force: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.containers.remove(input.container, { force: input.force }, ctx.actor.username);
      return { ok: true };
    }),

  logs: viewerProcedure
    .input(containerKey.extend({ tail: z.number().int().positive().nullable().default(200) }))
    .query(({ ctx, input }) => ctx.services.containers.logs(input.container, { tail: input.tail })),
});
