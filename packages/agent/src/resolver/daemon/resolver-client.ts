import { mkdirSync, readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DesiredSandbox } from '@switchyard/contracts';
import { commandLine, startDetachedNode } from '../../osl/detached.js';
import { agentVersion } from '../../version.js';
import type { DnsAnswerCounts } from '../answer-counts.js';
import { EmbeddedDnsError } from '../create-embedded-dns.js';
import type { EmbeddedDns } from '../embedded-dns.js';
import {
  resolverProtocolVersion,
  sameResolver,
  type ResolverIdentity,
  type ResolverLaunch,
} from './protocol.js';
import { ResolverLink, tryConnect } from './resolver-link.js';

/** A metrics scrape waits this long for the resolver's counts, then goes on without them. */
const dnsAnswersLimitMs = 2_000;

/**
 * Why a process of its own: the agent may die (kill -9) or be restarted at any moment, and names in
 * the sandboxes must keep answering meanwhile (issue 16: at most 1 s of failed answers). Handing the
 * listening sockets from one agent to the next would still leave them unread while no agent runs;
 * a resolver that outlives the agent never stops reading them, and serves every query from its own
 * memory exactly as the agent did, so it costs no speed. The agent only feeds it.
 */
export interface ResolverClient extends EmbeddedDns {
  /** Closes every listener and ends the resolver process (an agent that does not live-restore). */
  stop(): Promise<void>;
  /**
   * The answers the resolver process counted since it started; undefined while this agent feeds
   * none (a scrape must not start one).
   */
  dnsAnswers(): Promise<DnsAnswerCounts | undefined>;
}

export interface ResolverClientOptions {
  /** The resolver's socket, pid file and log go to `<stateDir>/resolver/`. */
  stateDir: string;
  /** Upstreams for sandboxes without `--dns`; undefined: the host's resolv.conf. */
  upstreams?: readonly string[];
  log: (message: string) => void;
  /** How long a new resolver process gets to listen (default 10 s). */
  startTimeoutMs?: number;
}

export function resolverPaths(stateDir: string) {
  const dir = join(stateDir, 'resolver');
  return {
    dir,
    socket: join(dir, 'resolver.sock'),
    pidFile: join(dir, 'resolver.pid'),
    log: join(dir, 'resolver.log'),
  };
}

const script = fileURLToPath(new URL('./resolver-process.mjs', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function ended(pid: number, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  while (alive(pid) && Date.now() < deadline) await sleep(20);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

/**
 * The agent's EmbeddedDns: finds this host's resolver process (or starts it, detached) and forwards
 * every call to it. A restarted agent reconnects to the resolver that kept running and its first
 * sync hands over the full state; a resolver that died is started again and given the last state.
 */
export function createResolverClient(options: ResolverClientOptions): ResolverClient {
  const paths = resolverPaths(options.stateDir);
  const { log } = options;
  const wanted: ResolverIdentity = {
    protocol: resolverProtocolVersion,
    version: agentVersion,
    upstreams: options.upstreams === undefined ? null : [...options.upstreams],
  };
  let link: Promise<ResolverLink> | undefined;
  /** The link `link` resolved to, and its resolver's pid. */
  let current: { joined: ResolverLink; pid: number } | undefined;
  let lastSync: readonly DesiredSandbox[] | undefined;
  let revival: NodeJS.Timeout | undefined;
  let closed = false;
  let superseded = false;

  /** A stuck resolver (its pid alive, its socket refusing) must go before another can listen. */
  function clearStale(): void {
    let pid: number;
    try {
      pid = Number(readFileSync(paths.pidFile, 'utf8').trim());
    } catch {
      return;
    }
    if (Number.isInteger(pid) && pid > 0 && commandLine(pid)?.some((arg) => arg.includes(paths.socket)))
      process.kill(pid, 'SIGKILL');
  }

  async function hello(socket: Socket) {
    const joined: ResolverLink = new ResolverLink(socket, log, (why) => {
      if (current?.joined !== joined) return;
      if (why === 'lost') return lost();
      // Two agents on one state dir: the newer one feeds the resolver, this one must not fight it.
      superseded = true;
      link = undefined;
      current = undefined;
      log("another agent took this host's resolver process over: no longer feeding it");
    });
    const answer = await joined.ask({ op: 'hello' });
    if (!answer.ok || !('hello' in answer)) throw new Error('the resolver process did not say hello');
    return { joined, running: answer.hello };
  }

  async function attach(): Promise<ResolverLink> {
    const existing = await tryConnect(paths.socket);
    if (existing !== undefined) {
      const { joined, running } = await hello(existing);
      if (sameResolver(running, wanted)) {
        current = { joined, pid: running.pid };
        log(`resolver process ${running.pid} found: it kept answering, taking it over`);
        return joined;
      }
      log(`resolver process ${running.pid} is of another agent version or upstreams: replacing it`);
      await joined.ask({ op: 'stop' }).catch(() => undefined);
      await ended(running.pid, 3_000);
    } else clearStale();

    mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
    const launch: ResolverLaunch = { ...wanted, socket: paths.socket, pidFile: paths.pidFile };
    const pid = startDetachedNode(script, [JSON.stringify(launch)], paths.log);
    const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
    for (;;) {
      const socket = await tryConnect(paths.socket);
      if (socket !== undefined) {
        const { joined, running } = await hello(socket);
        current = { joined, pid: running.pid };
        log(`resolver process ${running.pid} started`);
        return joined;
      }
      if (!alive(pid) || Date.now() > deadline) {
        if (alive(pid)) process.kill(pid, 'SIGKILL');
        throw new Error(`the resolver process did not start listening: see ${paths.log}`);
      }
      await sleep(20);
    }
  }

  const linked = (): Promise<ResolverLink> => {
    if (superseded) return Promise.reject(new Error("another agent feeds this host's resolver process"));
    link ??= attach().catch((error: unknown) => {
      link = undefined;
      throw error;
    });
    return link;
  };

  /** The resolver went away under a running agent: start it again and give it the last state. */
  function lost(): void {
    link = undefined;
    current = undefined;
    if (closed) return;
    log('lost the resolver process: starting it again');
    const revive = (delayMs: number) => {
      revival = setTimeout(() => {
        if (closed || lastSync === undefined) return;
        sync(lastSync).catch((error: unknown) => {
          log(`resolver process: ${error instanceof Error ? error.message : String(error)}`);
          revive(1_000);
        });
      }, delayMs);
    };
    revive(50);
  }

  async function sync(sandboxes: readonly DesiredSandbox[]): Promise<void> {
    lastSync = sandboxes;
    const answer = await (await linked()).ask({ op: 'sync', sandboxes: [...sandboxes] });
    if (answer.ok) return;
    if ('failures' in answer && answer.failures.length > 0)
      throw new EmbeddedDnsError(new Map(answer.failures.map((f) => [f.sandboxId, f.reason])));
    throw new Error(`the resolver process: ${'error' in answer ? answer.error : 'failed'}`);
  }

  const tell = (request: Parameters<ResolverLink['tell']>[0]) =>
    void linked().then(
      (joined) => joined.tell(request),
      (error: unknown) => log(`resolver process: ${error instanceof Error ? error.message : String(error)}`),
    );

  return {
    prepare: (sandboxes) => tell({ op: 'prepare', sandboxes: [...sandboxes] }),
    prepareSpare: (netns) => tell({ op: 'prepareSpare', netns }),
    adoptSpare: (spare, sandbox) => tell({ op: 'adoptSpare', spare, sandbox }),
    dropSpare: (spare) => tell({ op: 'dropSpare', spare }),
    sync,
    async dnsAnswers() {
      const answer = await current?.joined.ask({ op: 'dnsAnswers' }, dnsAnswersLimitMs);
      return answer !== undefined && 'dnsAnswers' in answer ? answer.dnsAnswers : undefined;
    },
    async close() {
      closed = true;
      clearTimeout(revival);
      const joined = await link?.catch(() => undefined);
      await joined?.end();
    },
    async stop() {
      closed = true;
      clearTimeout(revival);
      await link?.catch(() => undefined);
      let target = current;
      if (target === undefined) {
        // A resolver left by an earlier agent: found, never started, just to be stopped.
        const socket = await tryConnect(paths.socket);
        if (socket === undefined) return;
        const { joined, running } = await hello(socket);
        target = { joined, pid: running.pid };
      }
      current = undefined;
      await target.joined.ask({ op: 'stop' }).catch(() => undefined);
      await target.joined.end();
      await ended(target.pid, 3_000);
    },
  };
}
