import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerClientErrors } from '../http/client-errors.js';
import { controlPlaneVersion } from '../http/http-server.js';
import { apiVersion, compareApiVersions, minApiVersion, splitVersionPrefix } from './api-version.js';
import { containerRoutes } from './container-handlers.js';
import { DockerApiError, notFound, toDockerError } from './docker-error.js';
import { sendJson } from './http-io.js';
import { imageRoutes } from './image-handlers.js';
import { parseListenAddress } from './listen-address.js';
import { checkEngineRequest } from './request-guard.js';
import { networkRoutes } from './network-handlers.js';
import { nodeRoutes } from './node-handlers.js';
import { matchRoute, type DockerApiDeps, type Route } from './router.js';
import { serviceRoutes } from './service-handlers.js';
import { systemRoutes } from './system-handlers.js';

const routes: Route[] = [
  ...systemRoutes,
  ...networkRoutes,
  ...containerRoutes,
  ...imageRoutes,
  ...serviceRoutes,
  ...nodeRoutes,
];

function checkVersion(version: string | null): void {
  if (version === null) return;
  if (compareApiVersions(version, apiVersion) > 0) {
    throw new DockerApiError(
      400,
      `client version ${version} is too new. Maximum supported API version is ${apiVersion}`,
    );
  }
  if (compareApiVersions(version, minApiVersion) < 0) {
    throw new DockerApiError(
      400,
      `client version ${version} is too old. Minimum supported API version is ${minApiVersion}, please upgrade your client to a newer version`,
    );
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: DockerApiDeps): Promise<void> {
  checkEngineRequest(req);
  const url = new URL(req.url ?? '/', 'http://docker');
  const { version, path } = splitVersionPrefix(url.pathname);
  checkVersion(version);
  const matched = matchRoute(routes, req.method ?? 'GET', path);
  if (matched === null) throw notFound('page not found');
  await matched.route.handler({
    req,
    res,
    params: matched.params,
    query: url.searchParams,
    actor: `docker-api@${req.socket.remoteAddress ?? 'unknown'}`,
    deps,
  });
}

export interface DockerApiOptions {
  /** Log every request with its status and duration to stderr. */
  debug: boolean;
}

export function createDockerApiServer(deps: DockerApiDeps, options: DockerApiOptions): Server {
  const server = createServer((req, res) => {
    const began = performance.now();
    res.setHeader('Api-Version', apiVersion);
    res.setHeader('Docker-Experimental', 'false');
    res.setHeader('Ostype', 'linux');
    res.setHeader('Server', `Switchyard/${deps.version} (linux)`);
    if (options.debug) {
      // 'close' rather than 'finish', so requests the client abandoned (a detached run's wait) show too.
      res.once('close', () => {
        const ms = Math.round(performance.now() - began);
        console.error(`docker-api: ${req.method} ${req.url} -> ${res.statusCode} (${ms} ms)`);
      });
    }
    handle(req, res, deps).catch((error: unknown) => {
      const failure = toDockerError(error);
      if (failure.status >= 500) console.error(`docker-api: ${req.method} ${req.url} failed:`, error);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, failure.status, { message: failure.message });
    });
  });
  answerClientErrors(server, (message) => ({ message }));
  return server;
}

export interface RunningDockerApi {
  /** `127.0.0.1:2375`: the docker CLI reaches it at `tcp://<address>`. */
  address: string;
  close(): Promise<void>;
}

/**
 * Starts the endpoint at `listen` (see parseListenAddress); null when it is `off` or the address is
 * taken, which is reported rather than fatal so a second control plane on this machine still starts.
 */
export async function startDockerApi(
  listen: string,
  services: Pick<DockerApiDeps, 'networks' | 'containers' | 'swarm'>,
  options: { debug: boolean },
): Promise<RunningDockerApi | null> {
  const address = parseListenAddress(listen);
  if (address === null) return null;
  const server = createDockerApiServer(
    { ...services, version: controlPlaneVersion, startedAt: new Date() },
    options,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address.port, address.host, () => resolve());
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.error(
      `Docker Engine API not started: ${address.host}:${address.port} is in use (set SWITCHYARD_DOCKER_API to another host:port, or off)`,
    );
    return null;
  }
  const { port } = server.address() as AddressInfo;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    address: `${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
