import type { RemoteInfo } from 'node:dgram';
import type { Socket as TcpSocket } from 'node:net';
import { AnswerCache, goesUpstream, questionKey, replyTo } from './answer-cache.js';
import { decodeQuery, encodeResponse, Rcode } from './dns-wire.js';
import { ForwardCache } from './forward-cache.js';
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
  private answers = new AnswerCache();
  private upstreamAnswers = new ForwardCache();
  private closed = false;

  constructor(
    readonly netns: string,
    private readonly sockets: ListenerSockets,
    private config: SandboxDnsConfig,
    private readonly deps: SandboxServerDeps,
  ) {
    this.forwarder = new Forwarder(sockets.forward, deps.forwardTimeoutMs);
    sockets.udp.on('message', (message, remote) => this.serveUdp(message, remote));
    sockets.tcp.maxConnections = maxTcpConnections;
    sockets.tcp.on('connection', (connection) => this.serveTcp(connection));
    for (const emitter of [sockets.udp, sockets.forward, sockets.tcp])
      emitter.on('error', (error) => deps.log(`embedded DNS in ${netns}: ${error.message}`));
  }

  update(config: SandboxDnsConfig): void {
    const sameUpstreams =
      config.upstreams.length === this.config.upstreams.length &&
      config.upstreams.every(
        (upstream, index) =>
          upstream.address === this.config.upstreams[index]?.address &&
          upstream.port === this.config.upstreams[index]?.port,
      );
    this.config = config;
    // Answers were made from the old zone; upstream answers stay good while the upstreams do.
    this.answers = new AnswerCache();
    if (!sameUpstreams) this.upstreamAnswers = new ForwardCache();
  }

  /**
   * The reply to one message, or undefined when it deserves none. Synchronous whenever the zone or
   * a cache has it (almost every query under load), so those cost no promise; a Promise only when
   * an upstream must be asked.
   */
  answer(message: Buffer): Buffer | undefined | Promise<Buffer | undefined> {
    const started = performance.now();
    const key = questionKey(message);
    const cached = key === undefined ? undefined : this.answers.get(key);
    if (cached?.kind === 'reply') {
      this.deps.onAnswer?.('local', (performance.now() - started) / 1000);
      return replyTo(message, cached.message);
    }
    if (cached === undefined) {
      const handling = handleMessage(message, this.config.zone);
      if (handling.kind === 'drop') return undefined;
      if (key !== undefined) this.answers.set(key, handling.kind === 'reply' ? handling : goesUpstream);
      if (handling.kind === 'reply') {
        this.deps.onAnswer?.('local', (performance.now() - started) / 1000);
        return handling.message;
      }
    }
    const remembered = this.upstreamAnswers.get(message);
    if (remembered !== undefined) {
      this.deps.onAnswer?.('forward', (performance.now() - started) / 1000);
      return remembered;
    }
    return this.forwardTimed(message, started);
  }

  private async forwardTimed(message: Buffer, started: number): Promise<Buffer> {
    try {
      return await this.forward(message);
    } finally {
      this.deps.onAnswer?.('forward', (performance.now() - started) / 1000);
    }
  }

  /** `message` is a query the zone sends upstream, so its question reads. */
  private async forward(message: Buffer): Promise<Buffer> {
    const { upstreams } = this.config;
    const upstreamAnswers = this.upstreamAnswers;
    // No upstream at all (an isolated lab, `--dns-upstream none`): nothing else could know the name.
    if (upstreams.length === 0) return encodeResponse(decodeQuery(message), Rcode.NxDomain);
    if (!this.deps.limit.tryAcquire()) return encodeResponse(decodeQuery(message), Rcode.Refused);
    try {
      for (const upstream of upstreams) {
        const forwarder = isLoopback(upstream) ? this.deps.hostForwarder() : this.forwarder;
        const reply = await forwarder.forward(message, [upstream]);
        if (reply === undefined) continue;
        upstreamAnswers.store(message, reply);
        return reply;
      }
      return encodeResponse(decodeQuery(message), Rcode.ServFail);
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

  private serveUdp(message: Buffer, remote: RemoteInfo): void {
    let reply: ReturnType<SandboxServer['answer']>;
    try {
      reply = this.answer(message);
    } catch (error) {
      this.deps.log(`embedded DNS in ${this.netns}: ${String(error)}`);
      return;
    }
    if (reply instanceof Promise)
      reply.then(
        (late) => this.sendUdp(late, remote),
        (error: unknown) => this.deps.log(`embedded DNS in ${this.netns}: ${String(error)}`),
      );
    else this.sendUdp(reply, remote);
  }

  private sendUdp(reply: Buffer | undefined, remote: RemoteInfo): void {
    // A forwarded answer can come back after the sandbox went away.
    if (reply === undefined || this.closed) return;
    try {
      // No callback: a reply that cannot be sent is dropped either way, and without one Node
      // tracks nothing per datagram.
      this.sockets.udp.send(reply, remote.port, remote.address);
    } catch {
      // A datagram from source port 0 cannot be answered (Node throws rather than send to it).
    }
  }

  private serveTcp(connection: TcpSocket): void {
    this.connections.add(connection);
    const reader = new FrameReader();
    connection.setTimeout(tcpIdleMs, () => connection.destroy());
    connection.on('error', () => connection.destroy());
    connection.on('close', () => this.connections.delete(connection));
    connection.on('data', (chunk: Buffer) => {
      for (const message of reader.push(chunk))
        void new Promise<Buffer | undefined>((resolve) => resolve(this.answer(message))).then(
          (reply) => {
            if (reply !== undefined && !connection.destroyed) connection.write(frame(reply));
          },
          (error: unknown) => this.deps.log(`embedded DNS in ${this.netns}: ${String(error)}`),
        );
    });
  }
}
