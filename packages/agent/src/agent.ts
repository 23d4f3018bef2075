import { release } from 'node:os';
import {
  agentHelloSchema,
  agentNamespace,
  agentProtocolVersion,
  agentRejectedSchema,
  agentWelcomeSchema,
  containerLogsRequestSchema,
  desiredStateSchema,
  diagnosticsRequestSchema,
  type AgentAuth,
  type Capability,
  type ContainerLogsResponse,
  type DesiredState,
  type DiagnosticsResponse,
  type Heartbeat,
  type ObservedState,
} from '@switchyard/contracts';
import { io } from 'socket.io-client';
import { detectCapabilities } from './capabilities/detect.js';
import { loadCredential, saveCredential } from './credential.js';
import { createDiagnostics } from './diagnostics/diagnose.js';
import type { MeshProxy } from './hrm/mesh-proxy.js';
import { createHaproxyMesh } from './hrm/proxy-process.js';
import { readHostNetworks } from './osl/host-networks.js';
import { checkNamespaceVisibility } from './osl/netns-visibility.js';
import type { Dataplane } from './osl/dataplane.js';
import { realKernel, type ReconcileKernel } from './osl/kernel.js';
import { realDataplane } from './osl/real-dataplane.js';
import { Reconciler } from './reconcile/reconciler.js';
import { createEmbeddedDns, type EmbeddedDns } from './resolver/index.js';
import { createProcessRuntime } from './runtime/index.js';
import type { SandboxRuntime } from './runtime/sandbox-runtime.js';
import { fileNamespaceRecord } from './sandbox/record.js';
import { SpareNamespace } from './sandbox/spare-namespace.js';
import { agentVersion } from './version.js';

export interface AgentOptions {
  /** The control plane's base URL, e.g. http://192.168.99.1:7080. */
  joinUrl: string;
  /** A join token; a stored node credential for the same URL takes precedence. */
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
  /** Default: the process runtime. */
  runtime?: SandboxRuntime;
  /** Default: the embedded DNS. */
  dns?: EmbeddedDns;
  /** Default: HAProxy, run by the agent with its files in `<stateDir>/hrm/`. */
  proxy?: MeshProxy;
  /** Skips detection when given (tests). */
  capabilities?: Capability[];
  /** Skips reading the host's subnets when given (tests). */
  hostNetworks?: string[];
  log?: (line: string) => void;
}

export interface RunningAgent {
  /** Resolves with the exit code: 0 after stop(), 1 when the control plane refuses the token. */
  done: Promise<number>;
  stop(): void;
}

/** Logged once per successful join; `switchyard lab up` waits for it in the agent's log. */
export const joinedLogMarker = 'joined control plane';
/** How the control plane words a refused token (the `connect_error` message). */
export const joinRefusedPrefix = 'join refused:';

function timestamped(line: string): void {
  console.log(`${new Date().toISOString()} ${line}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Connects to the control plane and keeps this host reconciled until stopped or refused. */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const log = options.log ?? timestamped;
  const capabilities = options.capabilities ?? (await detectCapabilitiesLogged(log));
  const hello = agentHelloSchema.parse({
    protocolVersion: agentProtocolVersion,
    name: options.name,
    underlayAddress: options.advertiseAddress,
    capabilities,
    agentVersion,
    kernelVersion: release(),
    hostNetworks: options.hostNetworks ?? (await readHostNetworks()),
  });
  const stored = await loadCredential(options.stateDir);
  let usingCredential = stored !== undefined && stored.controlPlaneUrl === options.joinUrl;
  const auth: AgentAuth = { token: usingCredential && stored ? stored.credential : options.token, hello };
  if (options.dataplane === undefined && !(await checkNamespaceVisibility())) {
    log(
      'warning: /run/netns is a slave mount here (started by `ip netns exec`?): sandbox namespaces will ' +
        'be invisible outside this agent; start it with `nsenter --net=/run/netns/<host>` instead',
    );
  }
  const runtime = options.runtime ?? createProcessRuntime({ stateDir: options.stateDir, log });
  const dns = options.dns ?? createEmbeddedDns({ log, upstreams: options.dnsUpstreams });
  const proxy = options.proxy ?? createHaproxyMesh({ stateDir: options.stateDir, log });
  const dataplane = options.dataplane ?? realDataplane(fileNamespaceRecord(options.stateDir));
  // Only on the kernel: tests that hand in a dataplane see sandboxes made the plain way.
  const spare =
    options.dataplane === undefined ? new SpareNamespace(dataplane, dns, options.name) : undefined;
  await spare?.clearLeftovers();
  const reconciler = new Reconciler({
    sysctls: options.kernel ?? realKernel(),
    dataplane,
    runtime,
    dns,
    proxy,
    capabilities,
    spare,
  });

  const socket = io(new URL(agentNamespace, options.joinUrl).href, {
    auth,
    transports: ['websocket'],
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
  });

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
  let stopped = false;
  let lastFailureLog = 0;

  const clearTimers = () => {
    timers.forEach(clearInterval);
    timers = [];
  };
  // Processes, DNS listeners and the mesh's proxy end with the agent; namespaces, links and tables
  // stay as they are (as with dockerd), and the next start reconciles them.
  const stop = (code: number) => {
    if (stopped) return;
    stopped = true;
    clearTimers();
    clearTimeout(retry);
    socket.disconnect();
    Promise.allSettled([runtime.close(), dns.close(), proxy.close(), spare?.close()])
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
    if (observed.driftRepaired.length > 0) log(`repaired drift: ${observed.driftRepaired.join(', ')}`);
    socket.emit('observed', observed);
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

  socket.on('connect_error', (error) => {
    if (error.message.startsWith(joinRefusedPrefix)) {
      if (usingCredential) {
        log(`the stored node credential was refused (${error.message}); joining again with the join token`);
        usingCredential = false;
        auth.token = options.token;
        reconnectLater(0);
        return;
      }
      log(`${error.message}`);
      log('the control plane refused the join token: check --token (`switchyard` prints a fresh one)');
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
    if (welcome.credential !== undefined) {
      auth.token = welcome.credential;
      usingCredential = true;
      const credential = {
        nodeId: welcome.nodeId,
        credential: welcome.credential,
        controlPlaneUrl: options.joinUrl,
      };
      saveCredential(options.stateDir, credential).catch((error: unknown) =>
        log(`cannot store the node credential in ${options.stateDir}: ${describe(error)}`),
      );
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
    if (latest === undefined || parsed.data.revision >= latest.revision) latest = parsed.data;
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

async function detectCapabilitiesLogged(log: (line: string) => void): Promise<Capability[]> {
  const { capabilities, details } = await detectCapabilities();
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
