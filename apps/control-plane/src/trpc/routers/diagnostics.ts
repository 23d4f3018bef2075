import { z } from 'zod';
import { pathTargetSchema, probeSpecSchema } from '@switchyard/contracts';
import { Diagnostics } from '../../diagnostics/diagnostics-service.js';
import type { Services } from '../context.js';
import { operatorProcedure, router, viewerProcedure } from '../trpc.js';

const required = z.string().trim().min(1, 'is required').max(256);

const diagnostics = (services: Services) => new Diagnostics(services);

/** Probes inside sandboxes (operators), host views (anyone signed in) and the path check (operators). */
export const diagnosticsRouter = router({
  targets: viewerProcedure.query(({ ctx }) => diagnostics(ctx.services).targets()),

  probe: operatorProcedure
    .input(z.object({ sandbox: required, probe: probeSpecSchema }))
    .mutation(({ ctx, input }) =>
      diagnostics(ctx.services).probe(input.sandbox, input.probe, ctx.actor.username),
    ),

  pathCheck: operatorProcedure
    .input(z.object({ from: required, to: pathTargetSchema }))
    .mutation(({ ctx, input }) =>
      diagnostics(ctx.services).pathCheck(input.from, input.to, ctx.actor.username),
    ),

  hostView: viewerProcedure
    .input(
      z.object({
        node: required,
        subject: z.object({ kind: z.enum(['network', 'service']), name: required }),
      }),
    )
    .query(({ ctx, input }) => diagnostics(ctx.services).hostView(input.node, input.subject)),
});
