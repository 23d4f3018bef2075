import { router, viewerProcedure } from '../trpc.js';

export const inventoryRouter = router({
  /** Nodes, networks and containers in one call: what the dashboard's topology view draws. */
  topology: viewerProcedure.query(async ({ ctx }) => {
    const [nodes, networks, containers] = await Promise.all([
      ctx.services.registry.list(),
      ctx.services.networks.list(),
      ctx.services.containers.list({ all: true }),
    ]);
    return { nodes, networks, containers };
  }),
});
