import type { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { Namespace, Server, Socket } from 'socket.io';
import type { z } from 'zod';
import {
  agentAuthSchema,
  agentNamespace,
  containerLogsResponseSchema,
  diagnosticsResponseSchema,
  execExitSchema,
  execOutputSchema,
  execStartResponseSchema,
  heartbeatSchema,
  observedStateSchema,
  renewRequestSchema,
  signalResponseSchema,
  topResponseSchema,
  type AgentToControlPlaneEvents,
  type ContainerLogsRequest,
  type ContainerLogsResponse,
  type ControlPlaneToAgentEvents,
  type DiagnosticsRequest,
  type DiagnosticsResponse,
  type ExecStartRequest,
  type ExecStartResponse,
  type NodeCertificate,
  type SignalRequest,
  type SignalResponse,
  type TopRequest,
  type TopResponse,
  type PullImageRequest,
  type PullImageResponse,
  pullImageResponseSchema,
  type RenewResponse,
  describeZodError,
  illFormedTextPath,
  illFormedTextReason,
  metricsResponseSchema,
  type MetricsResponse,
} from '@switchyard/contracts';
import type { ControlPlaneConfig } from '../config.js';
import type { Db } from '../db/client.js';
import type { EventLog } from '../events/event-log.js';
import { desiredDocumentsFor } from '../compiler/node-documents.js';
import { CertificateRefusedError, JoinRefusedError, type NodeRegistry } from '../nodes/node-registry.js';
import type { CertificateStore } from '../pki/certificate-store.js';
import type { SandboxStatusStore } from '../containers/sandbox-status.js';
import type { RouteCounterStore } from '../routes/route-counters.js';
import type { ObservedImageStore } from '../images/observed-images.js';

/** Told of each document sent and each report received, for the push latency metric. */
export interface PushObserver {
  pushed(nodeId: string, revision: number): void;
  reported(nodeId: string, revision: number): void;
  disconnected(nodeId: string): void;
}

/** Where an exec session's output and end go (the Engine API's stream, the dashboard's terminal). */
export interface ExecListener {
  output(stream: 'stdout' | 'stderr', data: Uint8Array): void;
  /** The program's exit code; `error` when the session ended without one (the node went away). */
  exit(exitCode: number, error?: string): void;
}

/** The exit code of a session whose node disconnected: Docker's for a process it lost. */
const lostExitCode = 255;

interface AgentSocketData {
  nodeId: string;
  nodeName: string;
  /** A join by token: the node's first certificate, sent in `welcome`. */
  certificate?: NodeCertificate;
}
type AgentSocket = Socket<
  AgentToControlPlaneEvents,
  ControlPlaneToAgentEvents,
  Record<string, never>,
  AgentSocketData
>;
type AgentNamespace = Namespace<
  AgentToControlPlaneEvents,
  ControlPlaneToAgentEvents,
  Record<string, never>,
  AgentSocketData
>;

/** A message parsed by `schema`, refused first if it holds text the store cannot (see illFormedTextPath). */
function parseWellFormed<T>(
  schema: z.ZodType<T>,
  message: unknown,
): { success: true; data: T } | { success: false; problem: string } {
  const path = illFormedTextPath(message);
  if (path !== null) return { success: false, problem: `${path || '(message)'}: ${illFormedTextReason}` };
  const parsed = schema.safeParse(message);
  return parsed.success
    ? { success: true, data: parsed.data }
    : { success: false, problem: describeZodError(parsed.error) };
}

/**
 * The agents' channel. A socket is admitted with a valid join token and a CSR (a new node), or over
 * TLS with a node certificate the cluster CA issued and has not revoked; every message after that is
 * parsed, and a malformed one is refused, recorded and changes nothing.
 */
export class AgentHub {
  private readonly namespace: AgentNamespace;
  private readonly sockets = new Map<string, AgentSocket>();
  /** The revision last sent on each node's current socket: an unchanged document is not sent again. */
  private readonly sent = new Map<string, number>();
  private everySoon: Promise<void> | undefined;
  /** Work a message or a disconnect started: close() waits for it, so none outlives the database. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;
  /** Running exec sessions: the node that runs each, and who hears from it. */
  private readonly execs = new Map<string, { nodeId: string; listener: ExecListener }>();

  constructor(
    io: Server,
    private readonly db: Db,
    private readonly registry: NodeRegistry,
    private readonly events: EventLog,
    private readonly config: ControlPlaneConfig,
    private readonly sandboxes: SandboxStatusStore,
    private readonly routeCounters: RouteCounterStore,
    private readonly certificates: CertificateStore,
    private readonly images: ObservedImageStore,
    private readonly pushes?: PushObserver,
  ) {
    // The server is shared with the dashboard's namespace, so its event types are set per namespace.
    this.namespace = io.of(agentNamespace) as unknown as AgentNamespace;
    this.namespace.use((socket, next) => {
      this.admit(socket).then(
        () => next(),
        (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
      );
    });
    this.namespace.on('connection', (socket) => this.onConnection(socket));
  }

  isConnected(nodeId: string): boolean {
    return this.sockets.has(nodeId);
  }

  /** Sends a node its current desired document if it is connected; returns the revision sent. */
  async push(nodeId: string): Promise<number | null> {
    return (await this.pushMany([nodeId])).get(nodeId) ?? null;
  }

  /**
   * Sends each connected node among `nodeIds` its current desired document, all made from one read
   * of the cluster; returns the revisions sent.
   */
  async pushMany(nodeIds: Iterable<string>): Promise<Map<string, number>> {
    const connected = [...new Set(nodeIds)].filter((nodeId) => this.sockets.has(nodeId));
    const sent = new Map<string, number>();
    if (connected.length === 0) return sent;
    const documents = await desiredDocumentsFor(this.db, connected, {
      httpPort: this.config.hrmHttpPort,
      sniPort: this.config.hrmSniPort,
    });
    for (const [nodeId, document] of documents) {
      // The socket may have gone while the documents were made; the next connection gets its own.
      const socket = this.sockets.get(nodeId);
      if (socket === undefined) continue;
      if (this.sent.get(nodeId) !== document.revision) {
        socket.emit('desired', document);
        this.pushes?.pushed(nodeId, document.revision);
      }
      this.sent.set(nodeId, document.revision);
      sent.set(nodeId, document.revision);
    }
    return sent;
  }

  /**
   * Pushes every node once the reports already received are read: nodes answer a push together,
   * and reports that turn sandboxes a few milliseconds apart then share one push.
   */
  private pushEverySoon(): Promise<void> {
    this.everySoon ??= new Promise((resolve) => setImmediate(resolve)).then(async () => {
      this.everySoon = undefined;
      await this.pushMany([...this.sockets.keys()]);
    });
    return this.everySoon;
  }

  /** Asks a node's agent for a container's output; null when the node is not connected. */
  async logs(
    nodeId: string,
    request: ContainerLogsRequest,
    timeoutMs = 5_000,
  ): Promise<ContainerLogsResponse | null> {
    const socket = this.sockets.get(nodeId);
    if (socket === undefined) return null;
    const reply: unknown = await socket.timeout(timeoutMs).emitWithAck('logs', request);
    return containerLogsResponseSchema.parse(reply);
  }

  /** Asks a node's agent to run probes and read kernel state; null when the node is not connected. */
  async diagnose(
    nodeId: string,
    request: DiagnosticsRequest,
    timeoutMs = 20_000,
  ): Promise<DiagnosticsResponse | null> {
    const socket = this.sockets.get(nodeId);
    if (socket === undefined) return null;
    const reply: unknown = await socket.timeout(timeoutMs).emitWithAck('diagnose', request);
    return diagnosticsResponseSchema.parse(reply);
  }

  /** The agent's Prometheus metrics as text; null when the node is not connected. */
  async metrics(nodeId: string, timeoutMs = 5_000): Promise<MetricsResponse | null> {
    const socket = this.sockets.get(nodeId);
    if (socket === undefined) return null;
    const reply: unknown = await socket.timeout(timeoutMs).emitWithAck('metrics', {});
    return metricsResponseSchema.parse(reply);
  }

  /** A running container's process list; null when the node is not connected. */
  async top(nodeId: string, request: TopRequest, timeoutMs = 10_000): Promise<TopResponse | null> {
    const socket = this.sockets.get(nodeId);
    if (socket === undefined) return null;
    const reply: unknown = await socket.timeout(timeoutMs).emitWithAck('top', request);
    return topResponseSchema.parse(reply);
  }

  /** A signal to a running container's main process; null when the node is not connected. */
  async signal(nodeId: string, request: SignalRequest, timeoutMs = 5_000): Promise<SignalResponse | null> {
    const socket = this.sockets.get(nodeId);
    if (socket === undefined) return null;
    const reply: unknown = await socket.timeout(timeoutMs).emitWithAck('signal', request);
    return signalResponseSchema.parse(reply);
  }

  /**
   * Starts an exec session on a node; its output and exit go to `listener` until it exits or the
   * node disconnects. Null when the node is not connected.
   */
  async execStart(
    nodeId: string,
    request: ExecStartRequest,
    listener: ExecListener,
    timeoutMs = 10_000,
  ): Promise<ExecStartResponse | null> {
    const socket = this.sockets.get(nodeId);
    if (socket === undefined) return null;
    // Listening before the start: output may arrive before the acknowledgement.
    this.execs.set(request.execId, { nodeId, listener });
    try {
      const reply = execStartResponseSchema.parse(
        await socket.timeout(timeoutMs).emitWithAck('execStart', request),
      );
      if (!reply.ok) this.execs.delete(request.execId);
      return reply;
    } catch (error) {
      this.execs.delete(request.execId);
      throw error;
    }
  }

  /** Input for a running session; null closes its stdin. */
  execInput(execId: string, data: Uint8Array | null): void {
    // A copy the message's type takes (a Buffer may sit on a shared pool).
    this.execSocket(execId)?.emit('execInput', { execId, data: data === null ? null : new Uint8Array(data) });
  }

  execResize(execId: string, cols: number, rows: number): void {
    this.execSocket(execId)?.emit('execResize', { execId, cols, rows });
  }

  /** Ends a session (its client went away); its exit still reaches the listener. */
  execKill(execId: string): void {
    this.execSocket(execId)?.emit('execKill', { execId });
  }

  private execSocket(execId: string): AgentSocket | undefined {
    const session = this.execs.get(execId);
    return session === undefined ? undefined : this.sockets.get(session.nodeId);
  }

  /** Sessions of a node that went away end, so their clients are not left waiting. */
  private loseExecs(nodeId: string, reason: string): void {
    for (const [execId, session] of this.execs) {
      if (session.nodeId !== nodeId) continue;
      this.execs.delete(execId);
      session.listener.exit(lostExitCode, reason);
    }
  }

  /** Has a node's container runtime pull an image (minutes for a large one); null when not connected. */
  async pullImage(
    nodeId: string,
    request: PullImageRequest,
    timeoutMs = 10 * 60_000,
  ): Promise<PullImageResponse | null> {
    const socket = this.sockets.get(nodeId);
    if (socket === undefined) return null;
    const reply: unknown = await socket.timeout(timeoutMs).emitWithAck('pullImage', request);
    return pullImageResponseSchema.parse(reply);
  }

  /** Cuts off a node's agent (its node was removed); a no-op when it is not connected. */
  disconnect(nodeId: string): void {
    this.sockets.get(nodeId)?.disconnect(true);
  }

  /** Disconnects every agent and waits for what their messages started. */
  async close(): Promise<void> {
    this.closing = true;
    for (const socket of this.sockets.values()) socket.disconnect(true);
    await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async admit(socket: AgentSocket): Promise<void> {
    const peer = socket.handshake.address;
    const parsed = parseWellFormed(agentAuthSchema, socket.handshake.auth);
    if (!parsed.success) return this.refuse(peer, `malformed hello: ${parsed.problem}`);
    const { token, csr, hello } = parsed.data;
    if (token !== undefined) {
      if (csr === undefined) return this.refuse(peer, 'csr: is required with a join token');
      const joined = await this.registry.join(token, csr, hello, peer);
      socket.data = { nodeId: joined.node.id, nodeName: joined.node.name, certificate: joined.certificate };
      return;
    }
    const certificate = clientCertificate(socket);
    if (certificate === 'expired') {
      return this.refuse(
        peer,
        'the node certificate presented has expired: join the node again with a join token',
      );
    }
    if (certificate !== undefined && 'unverified' in certificate) {
      return this.refuse(
        peer,
        `the certificate presented was not issued by this cluster's CA${certificate.unverified}`,
      );
    }
    if (certificate === undefined) {
      return this.refuse(peer, 'neither a join token nor a node certificate was presented');
    }
    const check = await this.certificates.checkPeer(certificate, 'switchyard-node');
    if (!check.ok) {
      await this.events.record({
        kind: 'agent.refused',
        severity: 'warning',
        actor: `node:${hello.name}`,
        subject: hello.name,
        message: `agent ${hello.name} at ${peer}: ${check.reason}`,
      });
      throw new CertificateRefusedError(check.reason);
    }
    const back = await this.registry.reconnect(check.identity, hello, peer);
    socket.data = { nodeId: back.node.id, nodeName: back.node.name };
  }

  private async refuse(peer: string, reason: string): Promise<never> {
    const error = new JoinRefusedError(reason);
    await this.events.record({
      kind: 'agent.refused',
      severity: 'warning',
      actor: `agent@${peer}`,
      subject: null,
      message: `agent at ${peer}: ${error.message}`,
    });
    throw error;
  }

  private onConnection(socket: AgentSocket): void {
    const { nodeId, nodeName, certificate } = socket.data;
    // The certificate proves who this is: a connection of the same node that the hub has not yet
    // seen drop (the agent's network blinked) gives way to the new one.
    const previous = this.sockets.get(nodeId);
    this.sockets.set(nodeId, socket);
    previous?.disconnect(true);
    this.sent.delete(nodeId);
    socket.emit('welcome', {
      nodeId,
      ...(certificate === undefined ? {} : { certificate }),
      heartbeatIntervalMs: this.config.heartbeatIntervalMs,
      resyncIntervalMs: this.config.resyncIntervalMs,
    });
    delete socket.data.certificate;
    this.track(
      this.push(nodeId).catch((error: unknown) => console.error(`agent hub: push to ${nodeName}:`, error)),
    );

    socket.on('heartbeat', (message) =>
      this.handle(socket, 'heartbeat', heartbeatSchema, message, (beat) => {
        this.routeCounters.record(nodeId, beat.routes);
        return this.registry.heartbeat(nodeId, beat);
      }),
    );
    // The node's conditions are stored one report at a time, in the order sent: each report's
    // conditions are compared with the previous one's to tell what turned.
    let reports: Promise<unknown> = Promise.resolve();
    socket.on('observed', (message) =>
      this.handle(socket, 'observed', observedStateSchema, message, async (report) => {
        this.pushes?.reported(nodeId, report.revision);
        // Sandboxes first: the service reconciler, woken by either, then sees a task's new state.
        const sandboxes = this.sandboxes.record(nodeId, report).then(async (recorded) => {
          // Names and backends on every node are made from sandbox states: a task that started,
          // stopped or turned healthy reaches them now, before the reconciler's pass records the
          // task's state (its own push then finds nothing new to send).
          if (recorded.turned) {
            await this.pushEverySoon().catch((error: unknown) =>
              console.error(`agent hub: push after ${nodeName}'s report:`, error),
            );
          }
          recorded.announce();
        });
        const stored = Promise.all([reports, sandboxes]).then(async () => {
          await this.images.record(nodeId, report.images);
          await this.registry.observed(nodeId, report);
        });
        reports = stored.catch(() => undefined);
        await stored;
      }),
    );
    socket.on('renew', (message: unknown, reply: unknown) => {
      if (typeof reply !== 'function') return;
      const answer = reply as (response: RenewResponse) => void;
      const parsed = parseWellFormed(renewRequestSchema, message);
      if (!parsed.success) {
        answer({ ok: false, error: `malformed renew request: ${parsed.problem}` });
        return;
      }
      this.track(
        this.registry.renew(nodeId, parsed.data.csr).then(
          (renewed) => answer({ ok: true, certificate: renewed }),
          (error: unknown) =>
            answer({ ok: false, error: error instanceof Error ? error.message : String(error) }),
        ),
      );
    });
    // Only the node running a session speaks for it; binary data is checked by the schema alone.
    socket.on('execOutput', (message) => {
      const parsed = execOutputSchema.safeParse(message);
      if (!parsed.success) return;
      const session = this.execs.get(parsed.data.execId);
      if (session?.nodeId === nodeId) session.listener.output(parsed.data.stream, parsed.data.data);
    });
    socket.on('execExit', (message) => {
      const parsed = execExitSchema.safeParse(message);
      if (!parsed.success) return;
      const session = this.execs.get(parsed.data.execId);
      if (session?.nodeId !== nodeId) return;
      this.execs.delete(parsed.data.execId);
      session.listener.exit(parsed.data.exitCode);
    });
    socket.on('disconnect', (reason) => {
      if (this.sockets.get(nodeId) !== socket) return;
      this.sockets.delete(nodeId);
      this.pushes?.disconnected(nodeId);
      this.loseExecs(nodeId, `the agent of ${nodeName} disconnected (${reason})`);
      // The node is not marked down here: an agent restarted (or its network blinking) is back
      // within seconds and keeps its tasks; one that stays away goes down when the sweep finds it
      // silent for the node-down time.
      if (!this.closing) console.log(`agent hub: ${nodeName} disconnected (${reason})`);
    });
    console.log(`agent hub: ${nodeName} connected`);
  }

  private handle<T>(
    socket: AgentSocket,
    name: string,
    schema: z.ZodType<T>,
    message: unknown,
    apply: (value: T) => Promise<void>,
  ): void {
    const parsed = parseWellFormed(schema, message);
    if (parsed.success) {
      this.track(
        apply(parsed.data).catch((error: unknown) =>
          console.error(`agent hub: ${name} from ${socket.data.nodeName}:`, error),
        ),
      );
      return;
    }
    const reason = `malformed ${name} message: ${parsed.problem}`;
    socket.emit('rejected', { reason });
    this.track(
      this.events.record({
        kind: 'agent.message.rejected',
        severity: 'warning',
        actor: `node:${socket.data.nodeName}`,
        subject: socket.data.nodeName,
        message: `${socket.data.nodeName} sent a ${reason}; it was ignored`,
      }),
    );
  }
}

/**
 * The client certificate of a TLS connection whose chain the cluster CA verified; `unverified` when
 * one was presented that it did not; undefined when none was.
 */
function clientCertificate(
  socket: AgentSocket,
): X509Certificate | { unverified: string } | 'expired' | undefined {
  const transport = socket.request.socket as Partial<TLSSocket>;
  if (transport.encrypted !== true) return undefined;
  const presented = transport.getPeerX509Certificate?.();
  if (presented === undefined) return undefined;
  if (transport.authorized === true) return presented;
  // A node that was down longer than its certificate's life is told so, not "another CA".
  const reason = transport.authorizationError;
  if (String(reason) === 'CERT_HAS_EXPIRED') return 'expired';
  return { unverified: reason === undefined || reason === null ? '' : ` (${String(reason)})` };
}
