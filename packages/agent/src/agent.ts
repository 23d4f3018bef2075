import { X509Certificate } from 'node:crypto';
import { release } from 'node:os';
import {
  agentHelloSchema,
  agentNamespace,
  agentProtocolVersion,
  agentRejectedSchema,
  agentWelcomeSchema,
  certificateRefusedPrefix,
  containerLogsRequestSchema,
  desiredStateSchema,
  diagnosticsRequestSchema,
  joinRefusedPrefix,
  pullImageRequestSchema,
  renewResponseSchema,
  type AgentAuth,
  type Capability,
  type ContainerLogsResponse,
  type DesiredState,
  type DiagnosticsResponse,
  type Heartbeat,
  type MetricsResponse,
  type NodeCertificate,
  type ObservedState,
  type PullImageResponse,
} from '@switchyard/contracts';
import { issuedAt, parseJoinToken } from '@switchyard/pki';
import { io } from 'socket.io-client';
import { detectCapabilities } from './capabilities/detect.js';
import { createDiagnostics } from './diagnostics/diagnose.js';
import type { MeshProxy } from './hrm/mesh-proxy.js';
import { createHaproxyMesh } from './hrm/proxy-process.js';
import { readHostNetworks } from './osl/host-networks.js';
import { checkNamespaceVisibility } from './osl/netns-visibility.js';
import type { Dataplane } from './osl/dataplane.js';
import { realKernel, type ReconcileKernel } from './osl/kernel.js';
import { realDataplane } from './osl/real-dataplane.js';
import { Reconciler } from './reconcile/reconciler.js';
import { createResolverClient, type EmbeddedDns, type ResolverClient } from './resolver/index.js';
import type { Containerd } from './osl/containerd.js';
import type { ImageStore } from './runtime/containerd/image-store.js';
import { attachExecChannel } from './runtime/exec/exec-channel.js';
import { createNodeRuntime } from './runtime/node-runtime.js';
import { attachProcessRequests } from './runtime/process-requests.js';
import type { SandboxRuntime } from './runtime/sandbox-runtime.js';
import { fileNamespaceRecord } from './sandbox/record.js';
import { agentRefillDelayMs, SpareNamespace } from './sandbox/spare-namespace.js';
import { agentVersion } from './version.js';
import { AgentMetrics } from './metrics/agent-metrics.js';
import { startMetricsServer, type MetricsListen, type MetricsServer } from './metrics/metrics-server.js';
import { timedDataplane } from './metrics/timed-dataplane.js';
import {
  identityCaDigest,
  loadIdentity,
  newKeyRequest,
  saveCa,
  saveKeyAndCertificate,
  tlsDirectory,
  type NodeIdentity,
} from './tls/node-identity.js';
import { checkControlPlaneIdentity, ClusterMismatchError, fetchPinnedCaPatiently } from './tls/pinned-ca.js';

export interface AgentOptions {
  /** The control plane's base URL, e.g. https://192.168.99.1:7080. */
  joinUrl: string;
  /** A join token (`SYJOIN-1-<CA digest>-<secret>`); a stored certificate of that cluster takes precedence. */
  token: string;
  name: string;
  advertiseAddress: string;
  stateDir: string;
  /** Upstreams of the embedded DNS; undefined: the host's resolv.conf; empty: none. */
  dnsUpstreams?: string[];
  /** Defaults to the sysctls of the agent's own network namespace. */
  kernel?: ReconcileKernel;
  /** Defaults to the kernel: this process's namespace, and sandbox namespaces it records in stateDir. */
  dataplane?: Dataplane;
  /** Default: the process runtime, and containerd's when the node has it. */
  runtime?: SandboxRuntime;
  /** containerd's socket (undefined: none) and this agent's namespace in it. */
  containerd?: { address: string | undefined; namespace: string };
  /** Default: the embedded DNS, served by this host's resolver process (started when none runs). */
  dns?: EmbeddedDns;
  /** Default: HAProxy, run by the agent with its files in `<stateDir>/hrm/`. */
  proxy?: MeshProxy;
  /** Skips detection when given (tests). */
  capabilities?: Capability[];
  /** Skips reading the host's subnets when given (tests). */
  hostNetworks?: string[];
  /**
   * Whether workloads and the mesh's proxy outlive the agent, to be adopted by the next one
   * (dockerd's `live-restore`); false: stopping the agent stops them. Default true.
   */
  liveRestore?: boolean;
  /** Where `GET /metrics` listens (loopback only); undefined: no listener, the relay alone. */
  metricsListen?: MetricsListen;
  log?: (line: string) => void;
}

export interface RunningAgent {
  /**
   * Resolves with the exit code: 0 after stop(), 1 when the token is malformed or names another
   * cluster, or the control plane refuses the token or the node's certificate.
   */
  done: Promise<number>;
  stop(): void;
}

/** Logged once per successful join; `switchyard lab up` waits for it in the agent's log. */
export const joinedLogMarker = 'joined control plane';
export { joinRefusedPrefix };

/** A node certificate renews when this share of its life has passed. */
const renewAtLifeShare = 2 / 3;
/** Node timers hold at most this long (setTimeout's limit is about 24 days). */
const longestTimerMs = 86_400_000;

function timestamped(line: string): void {
  console.log(`${new Date().toISOString()} ${line}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Connects to the control plane and keeps this host reconciled until stopped or refused. */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const log = options.log ?? timestamped;
  const refused = (lines: string[]): RunningAgent => {
    lines.forEach(log);
    return { done: Promise.resolve(1), stop: () => undefined };
  };
  const joinToken = parseJoinToken(options.token);
  if (joinToken === undefined) {
    return refused([
      'the join token is not a Switchyard join token (SYJOIN-1-<CA digest>-<secret>): not connecting; ' +
        '`switchyard join-token` on the control plane prints one',
    ]);
  }
  const joinUrl = new URL(options.joinUrl);
  if (joinUrl.protocol !== 'https:') {
    return refused([
      `--join must be an https:// URL (the agent channel is TLS only), got ${options.joinUrl}`,
    ]);
  }
  const tlsPaths = tlsDirectory(options.stateDir);
  let identity = await loadIdentity(options.stateDir);
  if (identity !== undefined && identityCaDigest(identity) !== joinToken.caDigest) {
    log(`the certificate in ${tlsPaths.dir} is of another cluster: joining with the token`);
    identity = undefined;
  }
  // A first join: the CA comes from the control plane itself, trusted only if the token names it.
  let caPem: string;
  if (identity === undefined) {
    try {
      caPem = await fetchPinnedCaPatiently(joinUrl, joinToken.caDigest, log);
    } catch (error) {
      if (error instanceof ClusterMismatchError)
        return refused([error.message, 'not joining: the token was not sent']);
      throw error;
    }
    await saveCa(options.stateDir, caPem);
  } else {
    caPem = identity.caPem;
  }
  // The key of a join by token, kept in memory until the certificate for it arrives.
  const joining = identity === undefined ? await newKeyRequest(options.name) : undefined;

  const capabilities =
    options.capabilities ?? (await detectCapabilitiesLogged(log, options.containerd?.address));
  const hello = agentHelloSchema.parse({
    protocolVersion: agentProtocolVersion,
    name: options.name,
    underlayAddress: options.advertiseAddress,
    capabilities,
    agentVersion,
    kernelVersion: release(),
    hostNetworks: options.hostNetworks ?? (await readHostNetworks()),
  });
  // With a certificate, the handshake carries no secret: TLS proves who this node is.
  const auth = (): AgentAuth =>
    identity === undefined && joining !== undefined
      ? { token: options.token, csr: joining.csr, hello }
      : { hello };
  if (options.dataplane === undefined && !(await checkNamespaceVisibility())) {
    log(
      'warning: /run/netns is a slave mount here (started by `ip netns exec`?): sandbox namespaces will ' +
        'be invisible outside this agent; start it with `nsenter --net=/run/netns/<host>` instead',
    );
  }
  const containerdAddress = options.containerd?.address;
  const containerd: Containerd | undefined =
    containerdAddress !== undefined && capabilities.includes('containerd') && options.containerd !== undefined
      ? { address: containerdAddress, namespace: options.containerd.namespace }
      : undefined;
  let images: ImageStore | undefined;
  let runtime: SandboxRuntime;
  if (options.runtime === undefined) {
    const built = createNodeRuntime({
      stateDir: options.stateDir,
      node: options.name,
      controlPlaneUrl: joinUrl,
      containerd,
      log,
    });
    runtime = built.runtime;
    images = built.images;
  } else {
    runtime = options.runtime;
  }
  const metrics = new AgentMetrics(options.name, {
    routeCounters: () => proxy.counters(),
    sandboxes: () => runtime.status(),
    dnsAnswers: async () => resolver?.dnsAnswers(),
  });
  // The sandboxes' resolver runs in a process of its own that outlives the agent (live restore).
  // Kept apart from `dns` too: the metrics read its DNS answer counts (tests' DNS counts none).
  let resolver: ResolverClient | undefined;
  const dns =
    options.dns ??
    (resolver = createResolverClient({ stateDir: options.stateDir, log, upstreams: options.dnsUpstreams }));
  const proxy = options.proxy ?? createHaproxyMesh({ stateDir: options.stateDir, log });
  const dataplane =
    options.dataplane ?? timedDataplane(realDataplane(fileNamespaceRecord(options.stateDir)), metrics);
  // Only on the kernel: tests that hand in a dataplane see sandboxes made the plain way.
  const spare =
    options.dataplane === undefined
      ? new SpareNamespace(dataplane, dns, options.name, agentRefillDelayMs)
      : undefined;
  await spare?.clearLeftovers();
  const reconciler = new Reconciler({
    sysctls: options.kernel ?? realKernel(),
    dataplane,
    runtime,
    dns,
    proxy,
    capabilities,
    spare,
    onPass: (kind, seconds) => metrics.pass(kind, seconds),
    // Only resyncs find drift, and they start once joined, after `report` is defined.
    onDriftFound: (observed) => report(observed),
  });
  // A taken port costs the local listener only: the control plane still relays the metrics.
  let metricsServer: MetricsServer | undefined;
  if (options.metricsListen !== undefined) {
    const { host, port } = options.metricsListen;
    metricsServer = await startMetricsServer(options.metricsListen, () => metrics.text(), log).catch(
      (error: unknown) => {
        log(`cannot serve metrics on ${host}:${port}: ${describe(error)}`);
        return undefined;
      },
    );
  }

  const socket = io(new URL(agentNamespace, joinUrl).href, {
    auth: (send) => send(auth()),
    transports: ['websocket'],
    // Retries at most 2 s apart (socket.io's backoff caps the jittered delay too): after a control
    // plane restart every agent is back within about 2 s of it listening again.
    reconnectionDelay: 500,
    reconnectionDelayMax: 2_000,
    // Only the pinned cluster CA is trusted, and the server must hold the control plane's
    // certificate; engine.io hands these to the WebSocket's TLS connection.
    ca: caPem,
    rejectUnauthorized: true,
    // engine.io passes checkServerIdentity to the WebSocket's TLS too, though its types omit it.
    ...({ checkServerIdentity: checkControlPlaneIdentity } as object),
    ...(identity === undefined ? {} : { cert: identity.certPem, key: identity.keyPem }),
  });
  /** Later connections present this node's certificate: engine.io reads these options at each one. */
  const presentIdentity = (next: NodeIdentity) => {
    identity = next;
    socket.io.opts.cert = next.certPem;
    socket.io.opts.key = next.keyPem;
  };

  let finish: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => {
    finish = resolve;
  });
  let nodeId: string | undefined;
  // The newest document pushed: diagnostics enter only the sandboxes and networks it names.
  let latest: DesiredState | undefined;
  const diagnose = createDiagnostics({ document: () => latest });
  let timers: NodeJS.Timeout[] = [];
  let retry: NodeJS.Timeout | undefined;
  let renewal: NodeJS.Timeout | undefined;
  let stopped = false;
  let lastFailureLog = 0;

  const clearTimers = () => {
    timers.forEach(clearInterval);
    timers = [];
  };
  // Namespaces, links and tables stay as they are (as with dockerd); with live restore the
  // workloads, the mesh's proxy and the resolver process do too, and the next agent adopts them.
  const liveRestore = options.liveRestore ?? true;
  const stop = (code: number) => {
    if (stopped) return;
    stopped = true;
    clearTimers();
    clearTimeout(retry);
    clearTimeout(renewal);
    socket.disconnect();
    execs.close();
    void metricsServer?.close();
    const workloads = liveRestore ? [runtime.close(), proxy.close()] : [runtime.stopAll(), proxy.stopAll()];
    // Without live restore the resolver process goes too; else it keeps answering for the next agent.
    const resolving = !liveRestore && resolver !== undefined ? resolver.stop() : dns.close();
    Promise.allSettled([images?.close(), ...workloads, resolving, spare?.close()])
      .then((results) => {
        for (const result of results) {
          if (result.status === 'rejected') log(`cannot shut down cleanly: ${describe(result.reason)}`);
        }
      })
      .finally(() => finish(code));
  };
  const reconnectLater = (ms: number) => {
    clearTimeout(retry);
    retry = setTimeout(() => socket.connect(), ms);
  };
  const report = (observed: ObservedState | undefined) => {
    if (observed === undefined) return;
    if (observed.driftRepaired.length > 0) {
      const said = new Map(observed.drift?.map((d) => [d.object, `${d.object} (${d.found}: ${d.repaired})`]));
      log(`repaired drift: ${observed.driftRepaired.map((object) => said.get(object) ?? object).join(', ')}`);
    }
    socket.emit('observed', images === undefined ? observed : { ...observed, images: images.observed() });
  };
  const heartbeat = async () => {
    const routes = await proxy.counters().catch(() => undefined);
    if (stopped) return;
    const message: Heartbeat = {
      protocolVersion: agentProtocolVersion,
      sentAt: new Date().toISOString(),
      rssBytes: process.memoryUsage().rss,
      ...(routes === undefined ? {} : { routes }),
    };
    socket.emit('heartbeat', message);
  };

  runtime.onChange(() => report(reconciler.observe()));
  images?.onChange(() => report(reconciler.observe()));
  const execs = attachExecChannel(socket, runtime, log);
  attachProcessRequests(socket, runtime);

  socket.on('connect_error', (error) => {
    if (error.message.startsWith(certificateRefusedPrefix)) {
      log(error.message);
      log(
        `this node was removed from the cluster (or its certificate expired): it does not join again by itself. ` +
          `To join again, remove ${tlsPaths.dir} and start the agent with a new join token ` +
          '(`switchyard join-token` on the control plane)',
      );
      stop(1);
      return;
    }
    if (error.message.startsWith(joinRefusedPrefix)) {
      log(error.message);
      log(
        identity === undefined
          ? 'the control plane refused the join: check --token and --name (`switchyard join-token` prints a fresh token)'
          : 'the control plane refused this node',
      );
      stop(1);
      return;
    }
    // The first failure in a row is logged, then one line a minute: a long outage must not flood the log.
    if (Date.now() - lastFailureLog >= 60_000) {
      log(`cannot connect to ${options.joinUrl}: ${error.message} (retrying)`);
      lastFailureLog = Date.now();
    }
    // socket.io stops retrying by itself when the server, not the network, refused the connection.
    if (!socket.active) reconnectLater(5_000);
  });

  /** Stores a certificate and the key it was issued for, then presents it from the next connection on. */
  const adopt = async (keyPem: string, certificate: NodeCertificate) => {
    await saveKeyAndCertificate(options.stateDir, keyPem, certificate.certPem);
    presentIdentity({ caPem, keyPem, certPem: certificate.certPem });
    scheduleRenewal();
  };
  /** Renews at two thirds of the certificate's life, on the live connection, with a new key. */
  const scheduleRenewal = () => {
    clearTimeout(renewal);
    if (identity === undefined || stopped) return;
    const cert = new X509Certificate(identity.certPem);
    const from = issuedAt(cert).getTime();
    const due = from + (new Date(cert.validTo).getTime() - from) * renewAtLifeShare;
    renewal = setTimeout(
      () => (Date.now() >= due ? void renew() : scheduleRenewal()),
      Math.min(Math.max(due - Date.now(), 0), longestTimerMs),
    );
  };
  const renew = async () => {
    if (!socket.connected) {
      renewal = setTimeout(() => void renew(), 5_000);
      return;
    }
    try {
      const request = await newKeyRequest(options.name);
      const reply = renewResponseSchema.parse(
        await socket.timeout(30_000).emitWithAck('renew', { csr: request.csr }),
      );
      if (!reply.ok) throw new Error(reply.error);
      await adopt(request.keyPem, reply.certificate);
      log(`renewed the node certificate, valid until ${reply.certificate.notAfter}`);
    } catch (error) {
      log(`cannot renew the node certificate: ${describe(error)} (retrying in 10 s)`);
      renewal = setTimeout(() => void renew(), 10_000);
    }
  };

  socket.on('welcome', (raw) => {
    const parsed = agentWelcomeSchema.safeParse(raw);
    if (!parsed.success) {
      log(`ignored a malformed welcome: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    const welcome = parsed.data;
    nodeId = welcome.nodeId;
    lastFailureLog = 0;
    log(`${joinedLogMarker} ${options.joinUrl} as node ${welcome.nodeId} (${options.name})`);
    if (welcome.certificate !== undefined && identity === undefined && joining !== undefined) {
      adopt(joining.keyPem, welcome.certificate).catch((error: unknown) =>
        log(`cannot store the node certificate in ${tlsPaths.dir}: ${describe(error)}`),
      );
    } else {
      scheduleRenewal();
    }
    clearTimers();
    void heartbeat();
    timers.push(setInterval(() => void heartbeat(), welcome.heartbeatIntervalMs));
    timers.push(
      setInterval(() => {
        reconciler.resync().then(report, (error: unknown) => log(`resync failed: ${describe(error)}`));
      }, welcome.resyncIntervalMs),
    );
  });

  socket.on('desired', (raw) => {
    const parsed = desiredStateSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      log(`ignored a malformed desired document: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`);
      return;
    }
    if (nodeId !== undefined && parsed.data.nodeId !== nodeId) {
      log(`ignored a desired document for node ${parsed.data.nodeId} (this is ${nodeId})`);
      return;
    }
    if (latest === undefined || parsed.data.revision >= latest.revision) {
      latest = parsed.data;
      images?.apply(parsed.data.images);
    }
    reconciler
      .onDesired(parsed.data)
      .then(report, (error: unknown) => log(`reconcile failed: ${describe(error)}`));
  });

  socket.on('logs', (raw: unknown, reply: unknown) => {
    if (typeof reply !== 'function') return;
    const answer = reply as (response: ContainerLogsResponse) => void;
    const parsed = containerLogsRequestSchema.safeParse(raw);
    if (!parsed.success) {
      answer({ ok: false, error: `malformed logs request: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
      return;
    }
    runtime.logs(parsed.data).then(answer, (error: unknown) => answer({ ok: false, error: describe(error) }));
  });

  socket.on('pullImage', (raw: unknown, reply: unknown) => {
    if (typeof reply !== 'function') return;
    const answer = reply as (response: PullImageResponse) => void;
    const parsed = pullImageRequestSchema.safeParse(raw);
    if (!parsed.success) {
      answer({ ok: false, error: `malformed pull request: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
      return;
    }
    if (images === undefined) {
      answer({ ok: false, error: `${options.name} has no containerd to pull images with` });
      return;
    }
    images
      .pull(parsed.data.reference)
      .then(answer, (error: unknown) => answer({ ok: false, error: describe(error) }));
  });

  socket.on('diagnose', (raw: unknown, reply: unknown) => {
    if (typeof reply !== 'function') return;
    const answer = reply as (response: DiagnosticsResponse) => void;
    const parsed = diagnosticsRequestSchema.safeParse(raw);
    if (!parsed.success) {
      answer({
        ok: false,
        error: `malformed diagnose request: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      });
      return;
    }
    diagnose(parsed.data).then(answer, (error: unknown) => answer({ ok: false, error: describe(error) }));
  });

  socket.on('metrics', (_request: unknown, reply: unknown) => {
    if (typeof reply !== 'function') return;
    const answer = reply as (response: MetricsResponse) => void;
    metrics.text().then(
      (text) => answer({ ok: true, text }),
      (error: unknown) => answer({ ok: false, error: describe(error) }),
    );
  });

  socket.on('rejected', (raw: unknown) => {
    const parsed = agentRejectedSchema.safeParse(raw);
    const reason = parsed.success
      ? parsed.data.reason
      : `no reason given (malformed notice: ${parsed.error.issues[0]?.message ?? 'invalid'})`;
    log(`the control plane rejected a message: ${reason}`);
  });

  socket.on('disconnect', (reason) => {
    clearTimers();
    if (stopped) return;
    log(`disconnected from ${options.joinUrl}: ${reason}`);
    if (reason === 'io server disconnect') reconnectLater(2_000);
  });

  return { done, stop: () => stop(0) };
}

async function detectCapabilitiesLogged(
  log: (line: string) => void,
  containerdAddress: string | undefined,
): Promise<Capability[]> {
  const { capabilities, details } = await detectCapabilities(containerdAddress);
  const missing = Object.entries(details)
    .filter(([, result]) => !result.present)
    .map(([name, result]) => `${name} (${result.reason ?? 'missing'})`);
  log(
    `capabilities: ${capabilities.join(', ') || 'none'}${missing.length > 0 ? `; missing: ${missing.join('; ')}` : ''}`,
  );
  return capabilities;
}

/** Runs the agent as this process's job: SIGTERM or SIGINT stop it cleanly with exit code 0. */
export async function runAgent(options: AgentOptions): Promise<number> {
  const agent = await startAgent(options);
  const onSignal = (signal: NodeJS.Signals) => {
    (options.log ?? timestamped)(`received ${signal}: leaving`);
    agent.stop();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    return await agent.done;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
