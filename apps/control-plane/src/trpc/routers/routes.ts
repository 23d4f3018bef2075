import { routeInputSchema, routeKeySchema, routeUpdateInputSchema } from '@switchyard/contracts';
import { operatorProcedure, router, viewerProcedure } from '../trpc.js';

/** The HTTP routing mesh: hostnames to services, served by the proxy on every host. */
export const routesRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.services.routes.list()),

  get: viewerProcedure.input(routeKeySchema).query(({ ctx, input }) => ctx.services.routes.get(input.route)),

  create: operatorProcedure
    .input(routeInputSchema)
    .mutation(({ ctx, input }) => ctx.services.routes.create(input, ctx.actor.username)),

  update: operatorProcedure
    .input(routeUpdateInputSchema)
    .mutation(({ ctx, input }) => ctx.services.routes.update(input.route, input.spec, ctx.actor.username)),

  remove: operatorProcedure.input(routeKeySchema).mutation(async ({ ctx, input }) => {
    await ctx.services.routes.remove(input.route, ctx.actor.username);
    return { ok: true };
  }),
});
