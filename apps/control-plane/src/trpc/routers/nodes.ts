import { nodeKeySchema, nodeUpdateInputSchema, recordIdSchema } from '@switchyard/contracts';
import { TRPCError } from '@trpc/server';
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

  /** Forgets a node that is down (its agent must join again with a join token). */
  remove: adminProcedure.input(recordIdSchema).mutation(async ({ ctx, input }) => {
    const { db, events } = ctx.services;
    const node = await db.node.findUnique({ where: { id: input.id } });
    if (node === null) throw new TRPCError({ code: 'NOT_FOUND', message: `id: no node with id ${input.id}` });
    if (node.status === 'ready') {
      throw new TRPCError({
        code: 'CONFLICT',
        message: `${node.name} is ready: stop its agent before removing it`,
      });
    }
    const [containers, networks] = await Promise.all([
      db.sandbox.count({ where: { nodeId: node.id } }),
      db.network.count({ where: { nodeId: node.id } }),
    ]);
    if (containers + networks > 0) {
      throw new TRPCError({
        code: 'CONFLICT',
        message: `${node.name} still has ${containers} container(s) and ${networks} network(s): remove them first`,
      });
    }
    await events.commit(
      (tx) => tx.node.delete({ where: { id: node.id } }),
      () => ({
        kind: 'node.removed',
        severity: 'info',
        actor: ctx.actor.username,
        subject: node.name,
        message: `${ctx.actor.username} removed node ${node.name}`,
      }),
    );
    return { ok: true };
  }),
});
