import { router } from './trpc.js';
import { authRouter } from './routers/auth.js';
import { eventsRouter } from './routers/events.js';
import { nodesRouter } from './routers/nodes.js';
import { tokensRouter } from './routers/tokens.js';
import { usersRouter } from './routers/users.js';
import { networksRouter } from './routers/networks.js';
import { containersRouter } from './routers/containers.js';
import { imagesRouter } from './routers/images.js';
import { inventoryRouter } from './routers/inventory.js';
import { servicesRouter } from './routers/services.js';
import { routesRouter } from './routers/routes.js';
import { diagnosticsRouter } from './routers/diagnostics.js';
import { bundlesRouter } from './routers/bundles.js';
import { healthRouter } from './routers/health.js';
import { backupRouter } from './routers/backup.js';

export const appRouter = router({
  auth: authRouter,
  nodes: nodesRouter,
  events: eventsRouter,
  tokens: tokensRouter,
  users: usersRouter,
  networks: networksRouter,
  containers: containersRouter,
  images: imagesRouter,
  inventory: inventoryRouter,
  services: servicesRouter,
  routes: routesRouter,
  diagnostics: diagnosticsRouter,
  bundles: bundlesRouter,
  health: healthRouter,
  backup: backupRouter,
});

export type AppRouter = typeof appRouter;
