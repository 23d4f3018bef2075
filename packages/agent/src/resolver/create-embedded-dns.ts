import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { DesiredSandbox } from '@switchyard/contracts';
import type { EmbeddedDns } from './embedded-dns.js';
import { removeNetnsEtc, writeNetnsEtc } from './etc-netns.js';
import { Forwarder, InFlightLimit } from './forwarder.js';
import { closeListener, openListener, type ListenerSockets } from './open-listener.js';
import { TaskGate } from './parallel.js';
import { parseResolvConf, renderHosts, renderSandboxResolvConf, type ResolvConf } from './resolv-conf.js';
import { SandboxServer, type SandboxDnsConfig } from './sandbox-server.js';
import { maxUpstreams, parseUpstream, type Upstream } from './upstream.js';
import { buildZone } from './zone.js';

export interface EmbeddedDnsOptions {
  /** Upstreams (`ip` or `ip:port`) for sandboxes without `--dns`; default: the host's resolv.conf. */
  upstreams?: readonly string[];
  /** The host's resolver configuration, read once at creation (default /etc/resolv.conf). */
  resolvConfPath?: string;
  /** Where `ip netns exec` finds per-namespace /etc files (default /etc/netns). */
  etcNetnsDir?: string;
  /** How long one upstream gets before the next is tried, or SERVFAIL (default 2000). */
  forwardTimeoutMs?: number;
  /** Forwarded queries in flight across all sandboxes before REFUSED (default 256). */
  maxInFlight?: number;
  /** Listener helpers (one short Node process each, ~45 MB) started at once (default 4). */
  helperConcurrency?: number;
  helperTimeoutMs?: number;
  log?: (message: string) => void;
  /** Told of each answer and how long it took (the agent's metrics). */
  onAnswer?: (kind: 'local' | 'forward', seconds: number) => void;
}

/** Raised by `sync` after it did all it could, naming the sandboxes whose resolver is not up. */
export class EmbeddedDnsError extends Error {
  constructor(readonly failures: ReadonlyMap<string, string>) {
    super(
      [...failures]
        .map(([sandboxId, reason]) => `embedded DNS for sandbox ${sandboxId}: ${reason}`)
        .join('; '),
    );
  }
}

function readHostResolvConf(file: string): ResolvConf {
  try {
    return parseResolvConf(readFileSync(file, 'utf8'));
  } catch {
    return { nameservers: [], search: [], options: [] };
  }
}

function parseUpstreams(texts: readonly string[]): Upstream[] {
  return texts
    .map(parseUpstream)
    .filter((upstream) => upstream !== undefined)
    .slice(0, maxUpstreams);
}

/**
 * Which namespace a name points at now. A namespace deleted and made again under the same name
 * (drift repair) is another namespace: listeners bound in the old one must be opened again.
 */
/** Spare listeners' helpers run at this nice value: below everything a pass waits on. */
const spareHelperPriority = 10;

async function namespaceIdentity(netns: string): Promise<string | undefined> {
  const info = await stat(`/run/netns/${netns}`).catch(() => undefined);
  return info === undefined ? undefined : `${info.dev}:${info.ino}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createEmbeddedDns(options: EmbeddedDnsOptions = {}): EmbeddedDns {
  const host = readHostResolvConf(options.resolvConfPath ?? '/etc/resolv.conf');
  const defaultUpstreams = parseUpstreams(options.upstreams ?? host.nameservers);
  const etcRoot = options.etcNetnsDir ?? '/etc/netns';
  const log = options.log ?? ((message: string) => console.error(message));
  const limit = new InFlightLimit(options.maxInFlight ?? 256);
  const forwardTimeoutMs = options.forwardTimeoutMs ?? 2000;
  let hostSocket: UdpSocket | undefined;
  let hostForwarder: Forwarder | undefined;
  const deps = {
    limit,
    forwardTimeoutMs,
    log,
    onAnswer: options.onAnswer,
    hostForwarder: () => {
      if (hostForwarder === undefined) {
        hostSocket = createSocket('udp4');
        hostSocket.on('error', (error) => log(`embedded DNS forwarder: ${error.message}`));
        hostSocket.bind(0);
        hostForwarder = new Forwarder(hostSocket, forwardTimeoutMs);
      }
      return hostForwarder;
    },
  };
  /** By sandbox id, with the identity of the namespace each was opened in. */
  const servers = new Map<string, SandboxServer>();
  const identities = new Map<string, string | undefined>();
  /** Listeners opening ahead of `sync`, by sandbox id, with the namespace identity they open in. */
  const warming = new Map<
    string,
    { netns: string; identity: Promise<string | undefined>; sockets: Promise<ListenerSockets> }
  >();
  /** Listeners opening in spare namespaces, by namespace. */
  const spares = new Map<string, Promise<ListenerSockets>>();
  const helpers = new TaskGate(options.helperConcurrency ?? 4);
  const open = (netns: string, priority?: number) =>
    helpers.run(() => openListener(netns, options.helperTimeoutMs ?? 5000, { priority }));
  /** A listener that opened for nothing (its sandbox went, or its namespace was made again) is closed. */
  const discard = (id: string) => {
    const entry = warming.get(id);
    warming.delete(id);
    entry?.sockets.then(closeListener, () => undefined);
  };
  const dropSpare = (spare: string) => {
    spares.get(spare)?.then(closeListener, () => undefined);
    spares.delete(spare);
  };
  /** Namespaces whose /etc/netns directory this resolver wrote. */
  const written = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();

  const configFor = (sandbox: DesiredSandbox): SandboxDnsConfig => ({
    zone: buildZone(sandbox.dns.records, sandbox.dns.search, sandbox.dns.srv),
    upstreams: sandbox.dns.servers.length > 0 ? parseUpstreams(sandbox.dns.servers) : defaultUpstreams,
  });

  async function closeServer(sandboxId: string): Promise<void> {
    const server = servers.get(sandboxId);
    servers.delete(sandboxId);
    identities.delete(sandboxId);
    await server?.close();
  }

  async function syncNow(sandboxes: readonly DesiredSandbox[]): Promise<void> {
    const failures = new Map<string, string>();
    const inNamespaces = sandboxes.filter(
      (sandbox): sandbox is DesiredSandbox & { netns: string } => sandbox.netns !== null,
    );
    const embedded = new Map(inNamespaces.filter((sandbox) => sandbox.dns.embedded).map((s) => [s.id, s]));

    const current = new Map(
      await Promise.all(
        [...embedded.values()].map(
          async (sandbox) => [sandbox.id, await namespaceIdentity(sandbox.netns)] as const,
        ),
      ),
    );
    // Close first: a socket held in a namespace keeps it alive after `ip netns del`.
    const stale = [...servers].filter(
      ([id, server]) => embedded.get(id)?.netns !== server.netns || identities.get(id) !== current.get(id),
    );
    await Promise.all(stale.map(([id]) => closeServer(id)));
    const namespaces = new Set(inNamespaces.map((sandbox) => sandbox.netns));
    for (const netns of [...written].filter((name) => !namespaces.has(name))) {
      await removeNetnsEtc(etcRoot, netns);
      written.delete(netns);
    }

    await Promise.all(
      inNamespaces.map(async (sandbox) => {
        try {
          await writeNetnsEtc(etcRoot, sandbox.netns, {
            'resolv.conf': renderSandboxResolvConf(sandbox, host),
            hosts: renderHosts(sandbox),
          });
          written.add(sandbox.netns);
        } catch (error) {
          failures.set(sandbox.id, describe(error));
        }
      }),
    );

    const missing: (DesiredSandbox & { netns: string })[] = [];
    for (const [id, sandbox] of embedded) {
      const server = servers.get(id);
      if (server === undefined) missing.push(sandbox);
      else server.update(configFor(sandbox));
    }
    for (const [id, entry] of warming) {
      const wanted = embedded.get(id);
      if (wanted?.netns !== entry.netns || (await entry.identity) !== current.get(id)) discard(id);
    }
    const opened = await Promise.allSettled(
      missing.map((sandbox) => {
        const warm = warming.get(sandbox.id);
        warming.delete(sandbox.id);
        return warm?.sockets ?? open(sandbox.netns);
      }),
    );
    opened.forEach((result, index) => {
      const sandbox = missing[index] as DesiredSandbox & { netns: string };
      if (result.status === 'rejected') failures.set(sandbox.id, describe(result.reason));
      else {
        servers.set(sandbox.id, new SandboxServer(sandbox.netns, result.value, configFor(sandbox), deps));
        identities.set(sandbox.id, current.get(sandbox.id));
      }
    });
    if (failures.size > 0) throw new EmbeddedDnsError(failures);
  }

  return {
    prepare(sandboxes) {
      for (const sandbox of sandboxes) {
        const { id, netns } = sandbox;
        if (netns === null || !sandbox.dns.embedded || servers.has(id) || warming.has(id)) continue;
        const sockets = open(netns);
        // Settled by the sync that takes it over, or closed by `discard`.
        sockets.catch(() => undefined);
        warming.set(id, { netns, identity: namespaceIdentity(netns), sockets });
      }
    },
    prepareSpare(netns) {
      if (spares.has(netns)) return;
      // Nothing waits for a spare: it gives way to the work that does.
      const sockets = open(netns, spareHelperPriority);
      sockets.catch(() => undefined);
      spares.set(netns, sockets);
    },
    adoptSpare(spare, sandbox) {
      const sockets = spares.get(spare);
      spares.delete(spare);
      if (sockets === undefined || sandbox.netns === null) return;
      discard(sandbox.id);
      warming.set(sandbox.id, { netns: sandbox.netns, identity: namespaceIdentity(sandbox.netns), sockets });
    },
    dropSpare,
    sync(sandboxes) {
      const run = queue.then(() => syncNow(sandboxes));
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      await queue;
      for (const id of [...warming.keys()]) discard(id);
      for (const spare of [...spares.keys()]) dropSpare(spare);
      await Promise.all([...servers.keys()].map(closeServer));
      hostForwarder?.cancelAll();
      const socket = hostSocket;
      if (socket !== undefined) await new Promise<void>((resolve) => socket.close(() => resolve()));
      hostSocket = undefined;
      hostForwarder = undefined;
    },
  };
}
