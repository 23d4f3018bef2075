import { router, viewerProcedure } from '../trpc.js';

export const inventoryRouter = router({
  /** Nodes, networks, containers and services in one call: what the dashboard's topology view draws. */
  topology: viewerProcedure.query(async ({ ctx }) => {
    const [nodes, networks, containers, services] = await Promise.all([
      ctx.services.registry.list(),
      ctx.services.networks.list(),
      ctx.services.containers.list({ all: true }),
      ctx.services.services.list(),
    ]);
    return { nodes, networks, containers, services };
  }),
});
