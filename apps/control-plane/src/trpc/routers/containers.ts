import {
  containerCreateSchema,
  containerKeySchema,
  containerListInputSchema,
  containerStopInputSchema,
  containerRemoveInputSchema,
  containerLogsInputSchema,
} from '@switchyard/contracts';
import { operatorProcedure, router, viewerProcedure } from '../trpc.js';

export const containersRouter = router({
  /** Running ones only unless `all` (as `docker ps -a`); the dashboard asks for all. */
  list: viewerProcedure
    .input(containerListInputSchema)
    .query(({ ctx, input }) => ctx.services.containers.list(input)),

  get: viewerProcedure
    .input(containerKeySchema)
    .query(({ ctx, input }) => ctx.services.containers.get(input.container)),

  create: operatorProcedure
    .input(containerCreateSchema)
    .mutation(({ ctx, input }) => ctx.services.containers.create(input, ctx.actor.username)),

  start: operatorProcedure
    .input(containerKeySchema)
    .mutation(({ ctx, input }) => ctx.services.containers.start(input.container, ctx.actor.username)),

  stop: operatorProcedure
    .input(containerStopInputSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.containers.stop(input.container, ctx.actor.username, input.timeoutSeconds),
    ),

  remove: operatorProcedure.input(containerRemoveInputSchema).mutation(async ({ ctx, input }) => {
    await ctx.services.containers.remove(input.container, { force: input.force }, ctx.actor.username);
    return { ok: true };
  }),

  /** The container page's process list (`docker top`). */
  top: viewerProcedure
    .input(containerKeySchema)
    .query(({ ctx, input }) => ctx.services.containers.top(input.container)),

  logs: viewerProcedure
    .input(containerLogsInputSchema)
    .query(({ ctx, input }) => ctx.services.containers.logs(input.container, { tail: input.tail })),
});
