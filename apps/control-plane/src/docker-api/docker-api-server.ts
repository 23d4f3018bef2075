import { createServer, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { createTlsListener } from '@switchyard/pki';
import type { Db } from '../db/client.js';
import { answerClientErrors } from '../http/client-errors.js';
import type { CertificateStore } from '../pki/certificate-store.js';
import type { ServerCertificate } from '../pki/server-certificate.js';
import { controlPlaneVersion } from '../http/http-server.js';
import { apiVersion, compareApiVersions, minApiVersion, splitVersionPrefix } from './api-version.js';
import { containerRoutes } from './container-handlers.js';
import { execRoutes } from './exec-handlers.js';
import { DockerApiError, notFound, toDockerError } from './docker-error.js';
import { sendJson } from './http-io.js';
import { imageRoutes } from './image-handlers.js';
import { asRoot, authorize, bundleAuthenticator, type Authenticate } from './engine-auth.js';
import { parseTlsListen, parseUnixListen, type ListenAddress } from './listen-address.js';
import { checkEngineRequest } from './request-guard.js';
import { networkRoutes } from './network-handlers.js';
import { nodeRoutes } from './node-handlers.js';
import { matchRoute, type DockerApiDeps, type RequestContext, type Route } from './router.js';
import { serviceRoutes } from './service-handlers.js';
import { systemRoutes } from './system-handlers.js';
import { closeUnixSocket, listenOnUnixSocket } from './unix-socket.js';

/** Every route of the Engine API, each with the role it needs. */
export const engineRoutes: Route[] = [
  ...systemRoutes,
  ...networkRoutes,
  ...containerRoutes,
  ...execRoutes,
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

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  deps: DockerApiDeps,
  options: DockerApiOptions,
  upgrade: RequestContext['upgrade'],
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://docker');
  const { version, path } = splitVersionPrefix(url.pathname);
  checkEngineRequest(req, {
    checkHost: options.checkHost,
    archiveBody: req.method === 'POST' && path === '/images/load',
  });
  const caller = await options.authenticate(req);
  checkVersion(version);
  const matched = matchRoute(engineRoutes, req.method ?? 'GET', path);
  if (matched === null) throw notFound('page not found');
  await authorize(caller, matched.route.access, `${req.method ?? 'GET'} ${path}`, deps.events);
  await matched.route.handler({
    req,
    res,
    params: matched.params,
    query: url.searchParams,
    actor: caller.username,
    deps,
    upgrade,
  });
}

export interface DockerApiOptions {
  /** Log every request with its status and duration to stderr. */
  debug: boolean;
  /** Who is asking on this listener: root on the local socket, a bundle's user over TLS. */
  authenticate: Authenticate;
  /** Check the Host header against DNS rebinding: only plain TCP (the tests' fakes) needs it. */
  checkHost: boolean;
}

export function createDockerApiServer(deps: DockerApiDeps, options: DockerApiOptions): Server {
  const serve = (req: IncomingMessage, res: ServerResponse, upgrade: RequestContext['upgrade']) => {
    const began = performance.now();
    res.setHeader('Api-Version', apiVersion);
    res.setHeader('Docker-Experimental', 'false');
    res.setHeader('Ostype', 'linux');
    res.setHeader('Server', `Switchyard/${deps.version} (linux)`);
    res.once('close', () => deps.metrics?.request('engine', res.statusCode));
    if (options.debug) {
      // 'close' rather than 'finish', so requests the client abandoned (a detached run's wait) show too.
      res.once('close', () => {
        const ms = Math.round(performance.now() - began);
        console.error(`docker-api: ${req.method} ${req.url} -> ${res.statusCode} (${ms} ms)`);
      });
    }
    handle(req, res, deps, options, upgrade).catch((error: unknown) => {
      const failure = toDockerError(error);
      if (failure.status >= 500) console.error(`docker-api: ${req.method} ${req.url} failed:`, error);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, failure.status, { message: failure.message });
    });
  };
  const server = createServer((req, res) => serve(req, res, null));
  // Streams (exec, attach) ask to take the connection over; a refusal is still an HTTP answer.
  const hijacked = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    hijacked.add(socket);
    socket.once('close', () => hijacked.delete(socket));
    socket.on('error', () => socket.destroy());
    const res = new ServerResponse(req);
    res.assignSocket(socket as Socket);
    res.shouldKeepAlive = false;
    res.once('finish', () => socket.end());
    serve(req, res, { socket, head });
  });
  // Taken-over connections are no longer the server's: they end with it all the same.
  server.once('close', () => {
    for (const socket of hijacked) socket.destroy();
  });
  const close = server.close.bind(server);
  server.close = (callback) => {
    for (const socket of hijacked) socket.destroy();
    return close(callback);
  };
  answerClientErrors(server, (message) => ({ message }));
  return server;
}

export interface RunningEngineApi {
  /** `unix:///…/docker.sock`, root's; null when off or a live process holds the socket. */
  dockerHost: string | null;
  /** `host:port` of the TLS listener for client bundles; null when off or its port is taken. */
  tlsAddress: string | null;
  close(): Promise<void>;
}

export interface EngineApiSettings {
  /** `SWITCHYARD_DOCKER_API`: `unix:///path` or `off`. */
  unix: string;
  /** `SWITCHYARD_DOCKER_TLS`: `host:port` or `off`. */
  tls: string;
  debug: boolean;
}

export type EngineApiServices = Pick<
  DockerApiDeps,
  'networks' | 'containers' | 'exec' | 'autoRemover' | 'images' | 'swarm' | 'events'
> & {
  db: Db;
  certificates: Pick<CertificateStore, 'checkPeer'>;
  serverCertificate: Pick<ServerCertificate, 'context'>;
};

async function startUnix(path: string, deps: DockerApiDeps, debug: boolean) {
  const server = createDockerApiServer(deps, { debug, authenticate: asRoot, checkHost: false });
  if (!(await listenOnUnixSocket(server, path))) {
    console.error(
      `Docker Engine API socket not started: another process answers on ${path} (set SWITCHYARD_DOCKER_API to another unix:///path, or off)`,
    );
    return null;
  }
  return { dockerHost: `unix://${path}`, close: () => closeUnixSocket(server, path) };
}

async function startTls(
  address: ListenAddress,
  deps: DockerApiDeps,
  services: EngineApiServices,
  debug: boolean,
) {
  const http = createDockerApiServer(deps, {
    debug,
    authenticate: bundleAuthenticator(services),
    checkHost: false,
  });
  // Without a certificate of the cluster CA the handshake fails: nothing is read from such a peer.
  const listener: NetServer = createTlsListener(http, {
    secureContext: () => services.serverCertificate.context(),
    requestCert: true,
    requireClientCert: true,
    plainFromLoopback: false,
    allowHalfOpen: true,
  });
  const sockets = new Set<Socket>();
  listener.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(address.port, address.host, () => resolve());
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.error(
      `Docker Engine API over TLS not started: ${address.host}:${address.port} is in use (set SWITCHYARD_DOCKER_TLS to another host:port, or off)`,
    );
    return null;
  }
  const { port } = listener.address() as AddressInfo;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    tlsAddress: `${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        listener.close(() => resolve());
        http.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/**
 * Starts the Engine API as dockerd serves it: a unix socket for root on this machine, and TLS with
 * client certificates (bundles) for everyone else. An address in use is reported rather than fatal,
 * so a second control plane on this machine still starts.
 */
export async function startEngineApi(
  settings: EngineApiSettings,
  services: EngineApiServices,
): Promise<RunningEngineApi> {
  const socketPath = parseUnixListen(settings.unix);
  const tlsAddress = parseTlsListen(settings.tls);
  const deps: DockerApiDeps = { ...services, version: controlPlaneVersion, startedAt: new Date() };
  const unix = socketPath === null ? null : await startUnix(socketPath, deps, settings.debug);
  const tls =
    tlsAddress === null
      ? null
      : await startTls(tlsAddress, deps, services, settings.debug).catch(async (error: unknown) => {
          await unix?.close();
          throw error;
        });
  return {
    dockerHost: unix?.dockerHost ?? null,
    tlsAddress: tls?.tlsAddress ?? null,
    async close() {
      await Promise.all([unix?.close(), tls?.close()]);
    },
  };
}
