import { nodeKeySchema, nodeUpdateInputSchema, recordIdSchema } from '@switchyard/contracts';
import { inspectNode } from '../../nodes/node-inspect.js';
import { adminProcedure, router, viewerProcedure } from '../trpc.js';

export const nodesRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.services.registry.list()),

  /** One node with its agent's last report, its networks and containers, and its recent events. */
  inspect: viewerProcedure
    .input(nodeKeySchema)
    .query(({ ctx, input }) => inspectNode(ctx.services.db, input.node)),

  /** `docker node update`: labels (replaced whole when given) and availability; drain moves its tasks away. */
  update: adminProcedure.input(nodeUpdateInputSchema).mutation(({ ctx, input }) =>
    ctx.services.registry.update(
      input.node,
      {
        ...(input.labels === undefined ? {} : { labels: input.labels }),
        ...(input.availability === undefined ? {} : { availability: input.availability }),
      },
      input.version ?? null,
      ctx.actor.username,
    ),
  ),

  /**
   * Forgets a node that is down and holds nothing, revoking its certificates: its agent, if still
   * connected, is cut off and must join again with a join token.
   */
  remove: adminProcedure.input(recordIdSchema).mutation(async ({ ctx, input }) => {
    await ctx.services.registry.remove(input.id, ctx.actor.username);
    ctx.services.agentHub.disconnect(input.id);
    return { ok: true };
  }),
});
