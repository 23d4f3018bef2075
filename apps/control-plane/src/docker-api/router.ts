import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Role } from '@switchyard/contracts';
import type { EventInput } from '../events/event-log.js';
import type { Duplex } from 'node:stream';
import type { ContainerService } from '../containers/api.js';
import type { AutoRemover } from '../containers/auto-remove.js';
import type { ExecService } from '../exec/exec-service.js';
import type { ImageService } from '../images/api.js';
import type { NetworkService } from '../networks/api.js';
import { badParameter } from './docker-error.js';
import type { SwarmBackend } from './swarm-backend.js';

/** What the Engine API needs from the control plane. */
export interface DockerApiDeps {
  networks: NetworkService;
  containers: ContainerService;
  exec: ExecService;
  autoRemover: Pick<AutoRemover, 'hold' | 'exitCodeOf'>;
  images: ImageService;
  swarm: SwarmBackend;
  /** The audit log: refusals are recorded (changes are, by the services). */
  events: { record(input: EventInput): Promise<unknown> };
  /** The control plane's version, reported as the engine's. */
  version: string;
  /** When the endpoint started: the creation time of the built-in images. */
  startedAt: Date;
  /** Counts each answer by status (the control plane's metrics); absent in tests. */
  metrics?: { request(where: 'engine', status: number): void };
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** The pattern's captured groups, URL-decoded. */
  params: string[];
  query: URLSearchParams;
  /** Who is asking, for the audit log: the user's name (`root` on the local socket). */
  actor: string;
  deps: DockerApiDeps;
  /**
   * A request that asked to take over its connection (`Upgrade: tcp`): the socket and the bytes
   * read past the headers. Null for plain requests.
   */
  upgrade: { socket: Duplex; head: Buffer } | null;
}

export type Handler = (context: RequestContext) => Promise<void>;

/** What a route needs: the least role that may call it, and its name in a refusal (`network create`). */
export interface Access {
  role: Role;
  operation: string;
}

/** Reads: every user. */
export const viewer = (operation: string): Access => ({ role: 'viewer', operation });
/** Changes to networks, containers, services and routes. */
export const operator = (operation: string): Access => ({ role: 'operator', operation });
/** Changes to nodes and the swarm. */
export const admin = (operation: string): Access => ({ role: 'admin', operation });

export interface Route {
  method: 'GET' | 'HEAD' | 'POST' | 'DELETE';
  /** Matched against the path without its `/v1.NN` prefix. */
  pattern: RegExp;
  access: Access;
  handler: Handler;
}

export function route(method: Route['method'], pattern: RegExp, access: Access, handler: Handler): Route {
  return { method, pattern, access, handler };
}

/** A captured part of the path, URL-decoded; a malformed `%` escape is the caller's error (400). */
function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw badParameter(`invalid path: "${part}" has a malformed %-escape`);
  }
}

export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: string[] } | null {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (match !== null) {
      return { route: candidate, params: match.slice(1).map(decodePathPart) };
    }
  }
  return null;
}

/** The first captured group of a route; every pattern that names a resource captures it. */
export function param(context: RequestContext): string {
  return context.params[0] ?? '';
}
