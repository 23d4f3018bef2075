import { request } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { agentNamespace } from '@switchyard/contracts';
import type { TestCluster } from '../../../apps/control-plane/src/test-support/test-cluster.js';

// How the fuzz tests' bytes reach the control plane, in one place: the Engine API (root's unix
// socket), tRPC over HTTP with a signed-in admin's cookie, and socket.io for agents. The properties
// only say what to send, so a change of transport (unix socket, TLS) is a change to this file.

/** Past this a request counts as a hang. */
export const requestTimeoutMs = 10_000;

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface RawRequest {
  method: string;
  /** Path and query, sent as written: no normalising, no re-encoding. */
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

function send(
  target: { host: string; port: number } | { socketPath: string },
  raw: RawRequest,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        ...target,
        method: raw.method,
        path: raw.path,
        headers: {
          ...(raw.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(raw.body)) }),
          ...raw.headers,
        },
        agent: false,
        timeout: requestTimeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${raw.method} ${raw.path}: no answer in ${requestTimeoutMs} ms`)),
    );
    req.on('error', reject);
    req.end(raw.body);
  });
}

function hostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(address.slice(at + 1)) };
}

export interface TrpcOptions {
  /** GET (a query) or POST (a mutation); POST unless given. */
  method?: 'GET' | 'POST';
  /** Send as `?batch=1` with the inputs keyed by position. */
  batch?: boolean;
  /** Sent instead of the JSON of the input(s), e.g. a body that is not JSON at all. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Sent without the admin's session. */
  anonymous?: boolean;
}

export interface FuzzTransport {
  /** A request to the Docker Engine API. */
  engineRequest(
    method: string,
    path: string,
    body?: string | Buffer,
    headers?: Record<string, string>,
  ): Promise<Answer>;
  /** One tRPC procedure call (or a batch of several) as the signed-in admin. */
  trpcCall(procedures: readonly string[], inputs: readonly unknown[], options?: TrpcOptions): Promise<Answer>;
  /** A raw request to the control plane's HTTP listener (tRPC's), with the admin's session. */
  controlPlaneRequest(raw: RawRequest): Promise<Answer>;
  /** A socket on the agents' namespace with this handshake `auth`; not yet connected-checked. */
  connectAgent(auth: unknown): Socket;
  /** Whether the control plane answers its health probe. */
  healthy(): Promise<boolean>;
}

/** Signs in as the admin and returns the transport for `cluster`. */
export async function openTransport(
  cluster: TestCluster,
  admin: { username: string; password: string },
): Promise<FuzzTransport> {
  const { controlPlane } = cluster;
  const main = hostPort(new URL(controlPlane.url).host);
  const engineSocket = controlPlane.dockerHost?.replace(/^unix:\/\//, '') ?? null;
  const login = await send(main, {
    method: 'POST',
    path: '/trpc/auth.login',
    body: JSON.stringify(admin),
    headers: { 'content-type': 'application/json' },
  });
  const setCookie = login.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0];
  if (login.status !== 200 || cookie === undefined)
    throw new Error(`admin login failed: ${login.status} ${login.text}`);

  const controlPlaneRequest = (raw: RawRequest, anonymous = false) =>
    send(main, { ...raw, headers: { ...(anonymous ? {} : { cookie }), ...raw.headers } });

  return {
    engineRequest(method, path, body, headers) {
      if (engineSocket === null) throw new Error('the Engine API is off in this cluster');
      return send(
        { socketPath: engineSocket },
        {
          method,
          path,
          ...(body === undefined ? {} : { body }),
          headers: { host: 'localhost', ...headers },
        },
      );
    },
    trpcCall(procedures, inputs, options = {}) {
      const method = options.method ?? 'POST';
      const batch = options.batch ?? false;
      const payload = batch ? Object.fromEntries(inputs.map((input, i) => [String(i), input])) : inputs[0];
      const json = options.rawBody ?? JSON.stringify(payload) ?? '';
      const query = [batch ? 'batch=1' : '', method === 'GET' ? `input=${encodeURIComponent(json)}` : '']
        .filter((part) => part !== '')
        .join('&');
      const path = `/trpc/${procedures.map(encodeURIComponent).join(',')}${query === '' ? '' : `?${query}`}`;
      return controlPlaneRequest(
        {
          method,
          path,
          ...(method === 'POST' ? { body: json } : {}),
          headers: { 'content-type': 'application/json', ...options.headers },
        },
        options.anonymous ?? false,
      );
    },
    controlPlaneRequest: (raw) => controlPlaneRequest(raw),
    connectAgent(auth) {
      return io(`${controlPlane.url}${agentNamespace}`, {
        auth: auth as Record<string, unknown>,
        reconnection: false,
        transports: ['websocket'],
        timeout: requestTimeoutMs,
      });
    },
    async healthy() {
      const answer = await send(main, { method: 'GET', path: '/healthz' });
      return answer.status === 200 && answer.text.includes('"ok"');
    },
  };
}
