import {
  networkCreateRequestSchema,
  networkConnectInputSchema,
  networkDisconnectInputSchema,
  networkKeySchema,
} from '@switchyard/contracts';
import { inspectNetwork } from '../../networks/network-inspect.js';
import { operatorProcedure, router, viewerProcedure } from '../trpc.js';

export const networksRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.services.networks.list()),

  get: viewerProcedure
    .input(networkKeySchema)
    .query(({ ctx, input }) => ctx.services.networks.get(input.network)),

  /** `docker network inspect --verbose`: services, VIPs, tasks, peers, and each host's agent's report. */
  inspect: viewerProcedure
    .input(networkKeySchema)
    .query(({ ctx, input }) => inspectNetwork(ctx.services.db, input.network)),

  create: operatorProcedure
    .input(networkCreateRequestSchema)
    .mutation(({ ctx, input }) => ctx.services.networks.create(input, ctx.actor.username)),

  remove: operatorProcedure.input(networkKeySchema).mutation(async ({ ctx, input }) => {
    await ctx.services.networks.remove(input.network, ctx.actor.username);
    return { ok: true };
  }),

  connect: operatorProcedure.input(networkConnectInputSchema).mutation(async ({ ctx, input }) => {
    const { network, container, ...options } = input;
    await ctx.services.networks.connect(network, container, options, ctx.actor.username);
    return { ok: true };
  }),

  disconnect: operatorProcedure.input(networkDisconnectInputSchema).mutation(async ({ ctx, input }) => {
    await ctx.services.networks.disconnect(input.network, input.container, input.force, ctx.actor.username);
    return { ok: true };
  }),

  /** Removes every user-defined network without endpoints. */
  prune: operatorProcedure.mutation(async ({ ctx }) => ({
    removed: await ctx.services.networks.prune(ctx.actor.username),
  })),
});
