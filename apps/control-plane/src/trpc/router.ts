import { router } from './trpc.js';
import { authRouter } from './routers/auth.js';
import { eventsRouter } from './routers/events.js';
import { nodesRouter } from './routers/nodes.js';
import { tokensRouter } from './routers/tokens.js';
import { usersRouter } from './routers/users.js';

export const appRouter = router({
  auth: authRouter,
  nodes: nodesRouter,
  events: eventsRouter,
  tokens: tokensRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
