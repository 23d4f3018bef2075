import { io, type Socket } from 'socket.io-client';
import { createCsr, generateKeyPair, privateKeyPem } from '@switchyard/pki';
import {
  agentNamespace,
  agentProtocolVersion,
  type AgentHello,
  type ExecStartRequest,
  type ExecStartResponse,
  type SignalRequest,
  type SignalResponse,
  type TopRequest,
  type TopResponse,
  type AgentWelcome,
  type ContainerLogsRequest,
  type ContainerLogsResponse,
  type DesiredState,
  type ObservedImage,
  type ObservedSandbox,
  type PullImageRequest,
  type PullImageResponse,
  type RouteCounters,
} from '@switchyard/contracts';

/** How a fake agent comes in: a join token with a CSR, or (over TLS) the certificate it was issued. */
export type FakeAgentCredentials =
  | { token: string; csr: string; keyPem: string }
  | { tls: { caPem: string; certPem: string; keyPem: string } };

export type FakeAgentHost = { underlayAddress?: string; capabilities?: AgentHello['capabilities'] };

/**
 * A stand-in agent for service tests: it answers each desired document the way the real agent
 * reports, a sandbox desired running is running, else exited; env FAIL makes a start fail. It joins
 * with a token and a CSR (plain HTTP on loopback is enough), or comes back over TLS with the
 * certificate its `welcome` carried.
 */
export class FakeAgent {
  socket: Socket;
  desired: DesiredState | null = null;
  /** Answer desired documents; a silent agent lets start time out. */
  answering = true;
  /** Names of sandboxes whose health check fails. */
  unhealthy = new Set<string>();
  /** The mesh proxy's failure to report in its `hrm/proxy` condition; null: it runs. */
  proxyError: string | null = null;
  /** The proxy's counters sent with each heartbeat. */
  routeCounters: RouteCounters[] = [];
  /** Signals the control plane sent (docker kill, a stop's deadline). */
  readonly signals: SignalRequest[] = [];
  /** Exec sessions with stdin, echoing until their input closes. */
  private readonly execs = new Set<string>();

  /** Images its runtime fails to import, with the reason it reports (a containerd host only). */
  imageErrors = new Map<string, string>();
  /** How it answers `pullImage`: by default the registry is unreachable, as in a lab without one. */
  pull: (request: PullImageRequest) => PullImageResponse = (request) => ({
    ok: false,
    error: `registry-1.docker.io is not reachable from ${this.name}: pulling ${request.reference}: dial tcp: lookup registry-1.docker.io: no such host`,
  });
  /** Whether its hello offered a container runtime: only then does it report images. */
  private readonly containerd: boolean;

  /** The welcome, once admitted; on a join by token it carries the node's certificate. */
  welcome: AgentWelcome | undefined;
  /** The key this agent's certificate is (or will be) for. */
  readonly keyPem: string;

  /** A new agent with a fresh key, joining with `token`. */
  static async join(
    url: string,
    token: string,
    name: string,
    hostNetworks: string[],
    host: FakeAgentHost = {},
  ): Promise<FakeAgent> {
    const keys = await generateKeyPair();
    const credentials = { token, csr: await createCsr(keys, name), keyPem: await privateKeyPem(keys) };
    return new FakeAgent(url, credentials, name, hostNetworks, host);
  }

  constructor(
    url: string,
    credentials: FakeAgentCredentials,
    readonly name: string,
    hostNetworks: string[],
    host: FakeAgentHost = {},
  ) {
    const hello: AgentHello = {
      protocolVersion: agentProtocolVersion,
      name,
      underlayAddress: (host.underlayAddress ?? '192.0.2.10') as AgentHello['underlayAddress'],
      capabilities: host.capabilities ?? ['nftables'],
      agentVersion: 'test',
      kernelVersion: '6.0',
      hostNetworks: hostNetworks as AgentHello['hostNetworks'],
    };
    this.containerd = hello.capabilities.includes('containerd');
    this.keyPem = 'tls' in credentials ? credentials.tls.keyPem : credentials.keyPem;
    this.socket = io(`${url}${agentNamespace}`, {
      auth: 'tls' in credentials ? { hello } : { token: credentials.token, csr: credentials.csr, hello },
      reconnection: false,
      transports: ['websocket'],
      ...('tls' in credentials
        ? {
            ca: credentials.tls.caPem,
            cert: credentials.tls.certPem,
            key: credentials.tls.keyPem,
            // The test dials 127.0.0.1, which the control plane's certificate names.
            rejectUnauthorized: true,
          }
        : {}),
    });
    this.socket.on('welcome', (welcome: AgentWelcome) => (this.welcome = welcome));
    // Heartbeats as the real agent sends them, so a long test does not see its nodes go down.
    this.socket.on('welcome', (welcome: { heartbeatIntervalMs: number }) => {
      const beat = setInterval(() => this.heartbeat(), welcome.heartbeatIntervalMs);
      beat.unref();
      this.socket.on('disconnect', () => clearInterval(beat));
    });
    this.socket.on('desired', (document: DesiredState) => {
      this.desired = document;
      if (this.answering) this.report(document);
    });
    this.socket.on('pullImage', (request: PullImageRequest, reply: (r: PullImageResponse) => void) =>
      reply(this.pull(request)),
    );
    this.socket.on('logs', (request: ContainerLogsRequest, reply: (r: ContainerLogsResponse) => void) =>
      reply({
        ok: true,
        lines: [
          { stream: 'stdout', at: '2026-11-28T00:00:00Z', text: `hi from ${request.sandboxId.slice(0, 12)}` },
        ],
      }),
    );
    this.socket.on('signal', (request: SignalRequest, reply: (r: SignalResponse) => void) => {
      this.signals.push(request);
      reply({ ok: true });
    });
    this.socket.on('top', (_request: TopRequest, reply: (r: TopResponse) => void) =>
      reply({ ok: true, titles: ['UID', 'PID', 'CMD'], processes: [['root', '7', 'sleep infinity']] }),
    );
    // An exec with stdin echoes its input until it closes; one without says what it ran and exits 3.
    this.socket.on('execStart', (request: ExecStartRequest, reply: (r: ExecStartResponse) => void) => {
      reply({ ok: true, pid: 42 });
      const { execId } = request;
      if (request.stdin) {
        this.execs.add(execId);
        return;
      }
      const data = new TextEncoder().encode(`ran ${request.command.join(' ')}\n`);
      this.socket.emit('execOutput', { execId, stream: request.tty ? 'stdout' : 'stderr', data });
      this.socket.emit('execExit', { execId, exitCode: 3 });
    });
    this.socket.on('execInput', ({ execId, data }: { execId: string; data: Uint8Array | null }) => {
      if (!this.execs.has(execId)) return;
      if (data !== null) this.socket.emit('execOutput', { execId, stream: 'stdout', data });
      else {
        this.execs.delete(execId);
        this.socket.emit('execExit', { execId, exitCode: 0 });
      }
    });
  }

  heartbeat(): void {
    this.socket.emit('heartbeat', {
      protocolVersion: agentProtocolVersion,
      sentAt: new Date().toISOString(),
      rssBytes: 0,
      routes: this.routeCounters,
    });
  }

  report(document: DesiredState): void {
    const sandboxes: ObservedSandbox[] = document.sandboxes.map((sandbox) => {
      const failing = sandbox.workload.env.FAIL !== undefined;
      const running = sandbox.running && !failing;
      return {
        id: sandbox.id,
        status: running ? 'running' : sandbox.startGeneration > 0 ? 'exited' : 'created',
        pid: running ? 4242 : null,
        exitCode: running || sandbox.startGeneration === 0 ? null : failing ? 127 : 0,
        startedAt: sandbox.startGeneration > 0 ? `gen-${sandbox.startGeneration}` : null,
        finishedAt: null,
        restartCount: 0,
        health:
          sandbox.healthCheck === null ? null : this.unhealthy.has(sandbox.name) ? 'unhealthy' : 'healthy',
        ...(failing && sandbox.running ? { error: 'exec: "nope": executable file not found' } : {}),
      };
    });
    this.socket.emit('observed', {
      protocolVersion: agentProtocolVersion,
      revision: document.revision,
      observedAt: new Date().toISOString(),
      conditions: [
        ...document.networks.map((network) => ({ object: `network/${network.id}`, ready: true })),
        ...(document.hrm === null
          ? []
          : [
              this.proxyError === null
                ? { object: 'hrm/proxy', ready: true }
                : { object: 'hrm/proxy', ready: false, message: this.proxyError },
            ]),
      ],
      driftRepaired: [],
      sandboxes,
      ...(this.containerd ? { images: this.observedImages(document) } : {}),
    });
  }

  /** Every image its document lists, imported at once unless told to fail. */
  private observedImages(document: DesiredState): ObservedImage[] {
    return document.images.map((image) => {
      const error = this.imageErrors.get(image.id);
      return {
        id: image.id,
        references: image.references,
        present: error === undefined,
        ...(error === undefined ? {} : { error }),
      };
    });
  }

  /** Resolves once welcomed; rejects with the control plane's refusal. */
  ready(): Promise<void> {
    if (this.welcome !== undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.once('welcome', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  /** Why the control plane refused this agent (the `connect_error` message). */
  refusal(): Promise<string> {
    return new Promise((resolve) => this.socket.once('connect_error', (error) => resolve(error.message)));
  }
}
