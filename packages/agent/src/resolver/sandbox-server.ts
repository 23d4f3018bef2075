import type { RemoteInfo } from 'node:dgram';
import type { Socket as TcpSocket } from 'node:net';
import { encodeResponse, Rcode, type DnsQuery } from './dns-wire.js';
import { Forwarder, type InFlightLimit } from './forwarder.js';
import { closeListener, type ListenerSockets } from './open-listener.js';
import { handleMessage } from './query-handling.js';
import { FrameReader, frame } from './tcp-framing.js';
import { isLoopback, type Upstream } from './upstream.js';
import type { Zone } from './zone.js';

export interface SandboxDnsConfig {
  zone: Zone;
  upstreams: readonly Upstream[];
}

export interface SandboxServerDeps {
  limit: InFlightLimit;
  forwardTimeoutMs: number;
  /** Forwarder in the agent's own namespace, for loopback upstreams (unreachable from a sandbox). */
  hostForwarder: () => Forwarder;
  log: (message: string) => void;
  /** Told of each answer, from the zone or an upstream, and how long it took (the metrics). */
  onAnswer?: (kind: 'local' | 'forward', seconds: number) => void;
}

const tcpIdleMs = 10_000;
const maxTcpConnections = 64;

/** Serves one sandbox's 127.0.0.11 (UDP and TCP) with that sandbox's names and upstreams. */
export class SandboxServer {
  private readonly forwarder: Forwarder;
  private readonly connections = new Set<TcpSocket>();
  private closed = false;

  constructor(
    readonly netns: string,
    private readonly sockets: ListenerSockets,
    private config: SandboxDnsConfig,
    private readonly deps: SandboxServerDeps,
  ) {
    this.forwarder = new Forwarder(sockets.forward, deps.forwardTimeoutMs);
    sockets.udp.on('message', (message, remote) => void this.serveUdp(message, remote));
    sockets.tcp.maxConnections = maxTcpConnections;
    sockets.tcp.on('connection', (connection) => this.serveTcp(connection));
    for (const emitter of [sockets.udp, sockets.forward, sockets.tcp])
      emitter.on('error', (error) => deps.log(`embedded DNS in ${netns}: ${error.message}`));
  }

  update(config: SandboxDnsConfig): void {
    this.config = config;
  }

  /** The reply to one message, or undefined when it deserves none. */
  async answer(message: Buffer): Promise<Buffer | undefined> {
    const started = performance.now();
    const handling = handleMessage(message, this.config.zone);
    if (handling.kind !== 'forward') {
      if (handling.kind === 'reply') this.deps.onAnswer?.('local', (performance.now() - started) / 1000);
      return handling.kind === 'reply' ? handling.message : undefined;
    }
    try {
      return await this.forward(message, handling.query);
    } finally {
      this.deps.onAnswer?.('forward', (performance.now() - started) / 1000);
    }
  }

  private async forward(message: Buffer, query: DnsQuery): Promise<Buffer> {
    const { upstreams } = this.config;
    // No upstream at all (an isolated lab, `--dns-upstream none`): nothing else could know the name.
    if (upstreams.length === 0) return encodeResponse(query, Rcode.NxDomain);
    if (!this.deps.limit.tryAcquire()) return encodeResponse(query, Rcode.Refused);
    try {
      for (const upstream of upstreams) {
        const forwarder = isLoopback(upstream) ? this.deps.hostForwarder() : this.forwarder;
        const reply = await forwarder.forward(message, [upstream]);
        if (reply !== undefined) return reply;
      }
      return encodeResponse(query, Rcode.ServFail);
    } finally {
      this.deps.limit.release();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.forwarder.cancelAll();
    for (const connection of this.connections) connection.destroy();
    await closeListener(this.sockets);
  }

  private async serveUdp(message: Buffer, remote: RemoteInfo): Promise<void> {
    const reply = await this.answer(message).catch((error: unknown) => {
      this.deps.log(`embedded DNS in ${this.netns}: ${String(error)}`);
      return undefined;
    });
    // A forwarded answer can come back after the sandbox went away.
    if (reply !== undefined && !this.closed)
      this.sockets.udp.send(reply, remote.port, remote.address, () => undefined);
  }

  private serveTcp(connection: TcpSocket): void {
    this.connections.add(connection);
    const reader = new FrameReader();
    connection.setTimeout(tcpIdleMs, () => connection.destroy());
    connection.on('error', () => connection.destroy());
    connection.on('close', () => this.connections.delete(connection));
    connection.on('data', (chunk: Buffer) => {
      for (const message of reader.push(chunk))
        void this.answer(message).then(
          (reply) => {
            if (reply !== undefined && !connection.destroyed) connection.write(frame(reply));
          },
          (error: unknown) => this.deps.log(`embedded DNS in ${this.netns}: ${String(error)}`),
        );
    });
  }
}
