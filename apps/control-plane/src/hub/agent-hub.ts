import type { Namespace, Server, Socket } from 'socket.io';
import type { z } from 'zod';
import {
  agentAuthSchema,
  agentNamespace,
  containerLogsResponseSchema,
  diagnosticsResponseSchema,
  heartbeatSchema,
  observedStateSchema,
  type AgentToControlPlaneEvents,
  type ContainerLogsRequest,
  type ContainerLogsResponse,
  type ControlPlaneToAgentEvents,
  type DiagnosticsRequest,
  type DiagnosticsResponse,
  describeZodError,
  illFormedTextPath,
  illFormedTextReason,
} from '@switchyard/contracts';
import type { ControlPlaneConfig } from '../config.js';
import type { Db } from '../db/client.js';
import type { EventLog } from '../events/event-log.js';
import { desiredDocumentsFor } from '../compiler/node-documents.js';
import { JoinRefusedError, type NodeRegistry } from '../nodes/node-registry.js';
import type { SandboxStatusStore } from '../containers/sandbox-status.js';
import type { RouteCounterStore } from '../routes/route-counters.js';

interface AgentSocketData {
  nodeId: string;
  nodeName: string;
  credential?: string;
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
 * The agents' channel. A socket is admitted only with a valid join token or node credential; every
 * message after that is parsed, and a malformed one is refused, recorded and changes nothing.
 */
export class AgentHub {
  private readonly namespace: AgentNamespace;
  private readonly sockets = new Map<string, AgentSocket>();
  /** The revision last sent on each node's current socket: an unchanged document is not sent again. */
  private readonly sent = new Map<string, number>();
  private everySoon: Promise<void> | undefined;

  constructor(
    io: Server,
    private readonly db: Db,
    private readonly registry: NodeRegistry,
    private readonly events: EventLog,
    private readonly config: ControlPlaneConfig,
    private readonly sandboxes: SandboxStatusStore,
    private readonly routeCounters: RouteCounterStore,
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
      if (this.sent.get(nodeId) !== document.revision) socket.emit('desired', document);
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

  close(): void {
    for (const socket of this.sockets.values()) socket.disconnect(true);
  }

  private async admit(socket: AgentSocket): Promise<void> {
    const parsed = parseWellFormed(agentAuthSchema, socket.handshake.auth);
    if (!parsed.success) {
      const reason = `malformed hello: ${parsed.problem}`;
      await this.events.record({
        kind: 'agent.refused',
        severity: 'warning',
        actor: `agent@${socket.handshake.address}`,
        subject: null,
        message: `agent at ${socket.handshake.address}: join refused: ${reason}`,
      });
      throw new JoinRefusedError(reason);
    }
    const { token, hello } = parsed.data;
    const result = await this.registry.join(token, hello, (nodeId) => this.isConnected(nodeId));
    socket.data = { nodeId: result.node.id, nodeName: result.node.name, credential: result.credential };
  }

  private onConnection(socket: AgentSocket): void {
    const { nodeId, nodeName, credential } = socket.data;
    this.sockets.set(nodeId, socket);
    this.sent.delete(nodeId);
    socket.emit('welcome', {
      nodeId,
      credential,
      heartbeatIntervalMs: this.config.heartbeatIntervalMs,
      resyncIntervalMs: this.config.resyncIntervalMs,
    });
    delete socket.data.credential;
    void this.push(nodeId);

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
        const stored = Promise.all([reports, sandboxes]).then(() => this.registry.observed(nodeId, report));
        reports = stored.catch(() => undefined);
        await stored;
      }),
    );
    socket.on('disconnect', (reason) => {
      if (this.sockets.get(nodeId) !== socket) return;
      this.sockets.delete(nodeId);
      void this.registry.markDown(nodeId, `agent disconnected (${reason})`);
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
      apply(parsed.data).catch((error: unknown) =>
        console.error(`agent hub: ${name} from ${socket.data.nodeName}:`, error),
      );
      return;
    }
    const reason = `malformed ${name} message: ${parsed.problem}`;
    socket.emit('rejected', { reason });
    void this.events.record({
      kind: 'agent.message.rejected',
      severity: 'warning',
      actor: `node:${socket.data.nodeName}`,
      subject: socket.data.nodeName,
      message: `${socket.data.nodeName} sent a ${reason}; it was ignored`,
    });
  }
}
