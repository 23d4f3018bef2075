import { createServer, type Server } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { appRouter } from '../trpc/router.js';
import { contextFactory, type Services } from '../trpc/context.js';
import { admitTrpcRequest, maxBodyBytes } from './http-guard.js';
import { answerClientErrors } from './client-errors.js';
import { agentImagesPrefix, serveImageArchive } from './agent-images.js';
import { handleImageUpload, uploadPath } from './image-upload.js';
import { isMetricsPath, serveMetrics } from '../metrics/metrics-endpoint.js';

export const controlPlaneVersion = '0.1.0';

/**
 * One HTTP server: `/trpc` for the API, `/healthz` for probes, `/agent/images/` for agents'
 * downloads and `/ui/images/load` for the dashboard's uploads. socket.io attaches to it as well and
 * takes `/socket.io/` before this handler sees it. Every tRPC request passes http-guard.ts first.
 */
export function createHttpServer(services: Services): Server {
  const trpc = createHTTPHandler({
    router: appRouter,
    createContext: contextFactory(services),
    basePath: '/trpc/',
    // A chunked body without Content-Length is cut off here (413) rather than buffered whole.
    maxBodySize: maxBodyBytes,
  });
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    res.once('finish', () =>
      services.metrics.request(path.startsWith('/trpc/') ? 'trpc' : 'http', res.statusCode),
    );
    if (isMetricsPath(path)) {
      serveMetrics(req, res, services).catch((error: unknown) => {
        console.error('http: metrics failed:', error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'internal error' } }));
      });
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', version: controlPlaneVersion }));
      return;
    }
    if (path.startsWith(agentImagesPrefix)) {
      serveImageArchive(req, res, services).catch((error: unknown) => {
        console.error('http: image download failed:', error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'internal error' } }));
      });
      return;
    }
    if (path === uploadPath) {
      handleImageUpload(req, res, services).catch((error: unknown) => {
        console.error('http: image upload failed:', error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'internal error' } }));
      });
      return;
    }
    if (path.startsWith('/trpc/')) {
      admitTrpcRequest(req, res, services)
        .then((admitted) => {
          if (admitted) trpc(req, res);
        })
        .catch((error: unknown) => {
          console.error('http: request guard failed:', error);
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'internal error' } }));
        });
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `no such endpoint: ${path}` }));
  });
  // tRPC's error shape, as refuseTrpc answers: the dashboard reads the message from it.
  answerClientErrors(server, (message, httpStatus) => ({
    error: { message, code: -32600, data: { code: 'BAD_REQUEST', httpStatus } },
  }));
  return server;
}
