import type { Server, Socket } from 'node:net';
import { EmbeddedDnsError } from '../create-embedded-dns.js';
import type { EmbeddedDns } from '../embedded-dns.js';
import {
  encodeLine,
  LineReader,
  parseRequest,
  requestIdOf,
  type ResolverIdentity,
  type ResolverReply,
  type ResolverRequest,
} from './protocol.js';

export interface AgentChannel {
  /** Where the resolver's log lines go: to the connected agent, else to the resolver's own log. */
  log(message: string): void;
}

/**
 * The resolver's side of its socket: one agent at a time (a newer connection is the agent that
 * restarted, so it replaces the older one). The DNS state outlives every connection: with no
 * agent connected the listeners keep answering with the last records they were given.
 */
export function serveAgents(
  server: Server,
  dns: EmbeddedDns,
  identity: ResolverIdentity,
  { fallbackLog, onStop }: { fallbackLog: (message: string) => void; onStop: () => void },
): AgentChannel {
  let current: Socket | undefined;
  const send = (socket: Socket, reply: ResolverReply) => {
    if (!socket.destroyed) socket.write(encodeLine(reply));
  };

  server.on('connection', (socket) => {
    if (current !== undefined) {
      send(current, { superseded: true });
      current.end();
    }
    current = socket;
    /** Spare namespaces this agent announced: spares are its bookkeeping and end with it. */
    const spares = new Set<string>();
    const reader = new LineReader();
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (current === socket) current = undefined;
      for (const spare of spares) dns.dropSpare(spare);
    });
    socket.on('data', (chunk: string) => {
      for (const line of reader.push(chunk)) {
        const parsed = parseRequest(line);
        if (parsed.ok) handle(socket, parsed.value, spares);
        else {
          const id = requestIdOf(line);
          fallbackLog(`resolver: a malformed request from the agent: ${parsed.error}`);
          if (id !== undefined) send(socket, { id, ok: false, error: parsed.error, failures: [] });
        }
      }
    });
  });

  function handle(socket: Socket, request: ResolverRequest, spares: Set<string>): void {
    switch (request.op) {
      case 'hello':
        return send(socket, { id: request.id, ok: true, hello: { ...identity, pid: process.pid } });
      case 'sync':
        return void dns.sync(request.sandboxes).then(
          () => send(socket, { id: request.id, ok: true }),
          (error: unknown) =>
            send(socket, {
              id: request.id,
              ok: false,
              error: error instanceof Error ? error.message : String(error),
              failures:
                error instanceof EmbeddedDnsError
                  ? [...error.failures].map(([sandboxId, reason]) => ({ sandboxId, reason }))
                  : [],
            }),
        );
      case 'prepare':
        return dns.prepare(request.sandboxes);
      case 'prepareSpare':
        spares.add(request.netns);
        return dns.prepareSpare(request.netns);
      case 'adoptSpare':
        spares.delete(request.spare);
        return dns.adoptSpare(request.spare, request.sandbox);
      case 'dropSpare':
        spares.delete(request.spare);
        return dns.dropSpare(request.spare);
      case 'stop':
        spares.clear();
        return void dns.close().finally(() => {
          send(socket, { id: request.id, ok: true });
          socket.end(onStop);
        });
    }
  }

  return {
    log(message) {
      if (current !== undefined && !current.destroyed) send(current, { log: message });
      else fallbackLog(message);
    },
  };
}
