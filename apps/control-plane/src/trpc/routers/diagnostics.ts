import {
  probeInputSchema,
  pathCheckInputSchema,
  hostViewInputSchema,
  targetCheckInputSchema,
} from '@switchyard/contracts';
import { Diagnostics } from '../../diagnostics/diagnostics-service.js';
import type { Services } from '../context.js';
import { operatorProcedure, router, viewerProcedure } from '../trpc.js';

const diagnostics = (services: Services) => new Diagnostics(services);

/**
 * Probes inside sandboxes (operators), host views and recent breaks (anyone signed in) and the path
 * check (operators).
 */
export const diagnosticsRouter = router({
  targets: viewerProcedure.query(({ ctx }) => diagnostics(ctx.services).targets()),

  probe: operatorProcedure
    .input(probeInputSchema)
    .mutation(({ ctx, input }) =>
      diagnostics(ctx.services).probe(input.sandbox, input.probe, ctx.actor.username),
    ),

  pathCheck: operatorProcedure
    .input(pathCheckInputSchema)
    .mutation(({ ctx, input }) =>
      diagnostics(ctx.services).pathCheck(input.from, input.to, ctx.actor.username),
    ),

  /** From outside the cluster: a port published on a host, or a routing mesh hostname (operators). */
  targetCheck: operatorProcedure
    .input(targetCheckInputSchema)
    .mutation(({ ctx, input }) => diagnostics(ctx.services).targetCheck(input, ctx.actor.username)),

  /** What the latest path and target checks found broken (the last 10 minutes), for the topology. */
  recentBreaks: viewerProcedure.query(({ ctx }) => ctx.services.pathBreaks.list()),

  hostView: viewerProcedure
    .input(hostViewInputSchema)
    .query(({ ctx, input }) => diagnostics(ctx.services).hostView(input.node, input.subject)),
});
