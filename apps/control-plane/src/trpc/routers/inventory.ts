import { containerKeySchema, serviceKeySchema } from '@switchyard/contracts';
import { inspectContainer } from '../../containers/container-inspect.js';
import { inspectService } from '../../services/service-inspect.js';
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

  /** A container or task with what its host's agent observed about its sandbox, and its events. */
  container: viewerProcedure
    .input(containerKeySchema)
    .query(({ ctx, input }) => inspectContainer(ctx.services.db, input.container)),

  /** A service with how each host realises it (tasks, VIP rules, the routing mesh), and its events. */
  service: viewerProcedure
    .input(serviceKeySchema)
    .query(({ ctx, input }) => inspectService(ctx.services.db, input.service)),
});
