import { createServer, type Server } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { appRouter } from '../trpc/router.js';
import { contextFactory, type Services } from '../trpc/context.js';

export const controlPlaneVersion = '0.1.0';

/**
 * One HTTP server: `/trpc` for the API, `/healthz` for probes. socket.io attaches to it as well and
 * takes `/socket.io/` before this handler sees it.
 */
export function createHttpServer(services: Services): Server {
  const trpc = createHTTPHandler({
    router: appRouter,
    createContext: contextFactory(services),
    basePath: '/trpc/',
  });
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', version: controlPlaneVersion }));
      return;
    }
    if (path.startsWith('/trpc/')) {
      trpc(req, res);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `no such endpoint: ${path}` }));
  });
}
