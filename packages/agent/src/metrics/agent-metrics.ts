import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ObservedSandbox, RouteCounters } from '@switchyard/contracts';

/** Seconds: a quick pass takes milliseconds, a full pass on a busy host seconds. */
const passBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds: a local answer takes microseconds, a forwarded one up to the 2 s upstream timeout. */
const dnsBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1, 2.5];
const nftBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** What the scrape reads at its own time: nothing is counted per request or per packet for these. */
export interface AgentMetricSources {
  /** The routing mesh's counters per route since its proxy started; undefined while it is down. */
  routeCounters(): Promise<RouteCounters[] | undefined>;
  sandboxes(): ObservedSandbox[];
}

export type PassKind = 'full' | 'quick' | 'add' | 'resync';
/** `local`: answered from the sandbox's zone (or refused); `forward`: from an upstream. */
export type DnsAnswerKind = 'local' | 'forward';

/**
 * One agent's metrics, in a registry of its own (several agents may share a process in tests).
 * Counters are incremented where the events already happen: a reconcile pass, a DNS answer, an nft
 * apply. The proxy's requests and the tasks by state are read when scraped.
 */
export class AgentMetrics {
  readonly registry = new Registry();
  private readonly passes: Histogram<'kind'>;
  private readonly dns: Histogram<'kind'>;
  private readonly nft: Histogram<'what'>;

  constructor(node: string, sources: AgentMetricSources) {
    this.registry.setDefaultLabels({ node });
    const registers = [this.registry];
    this.passes = new Histogram({
      name: 'switchyard_agent_reconcile_pass_seconds',
      help: 'Reconcile passes by kind (full, quick, add, resync) and how long each took.',
      labelNames: ['kind'],
      buckets: passBuckets,
      registers,
    });
    this.dns = new Histogram({
      name: 'switchyard_agent_dns_query_seconds',
      help: 'Queries answered by the embedded DNS, from the zone (local) or an upstream (forward), and their latency.',
      labelNames: ['kind'],
      buckets: dnsBuckets,
      registers,
    });
    this.nft = new Histogram({
      name: 'switchyard_agent_nft_apply_seconds',
      help: 'nftables applies (a whole table, or a batch of map and chain scripts) and how long each took.',
      labelNames: ['what'],
      buckets: nftBuckets,
      registers,
    });
    new Counter({
      name: 'switchyard_agent_proxy_requests_total',
      help: "Requests the HTTP routing mesh's proxy answered on this host, by status class, since it started.",
      labelNames: ['code'],
      registers,
      async collect() {
        this.reset();
        const routes = await sources.routeCounters().catch(() => undefined);
        for (const [code, total] of Object.entries(sumStatuses(routes ?? []))) this.inc({ code }, total);
      },
    });
    new Gauge({
      name: 'switchyard_agent_tasks',
      help: 'Sandboxes (containers and tasks) on this host by state.',
      labelNames: ['state'],
      registers,
      collect() {
        this.reset();
        for (const [state, count] of Object.entries(countStates(sources.sandboxes())))
          this.set({ state }, count);
      },
    });
  }

  pass(kind: PassKind, seconds: number): void {
    this.passes.observe({ kind }, seconds);
  }

  dnsAnswer(kind: DnsAnswerKind, seconds: number): void {
    this.dns.observe({ kind }, seconds);
  }

  nftApply(what: 'table' | 'scripts', seconds: number): void {
    this.nft.observe({ what }, seconds);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}

/** Every route's status counts added up by class; pure. */
export function sumStatuses(routes: readonly RouteCounters[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const route of routes) {
    for (const [code, count] of Object.entries(route.status)) totals[code] = (totals[code] ?? 0) + count;
  }
  return totals;
}

/** Sandboxes counted by state; pure. */
export function countStates(sandboxes: readonly ObservedSandbox[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const sandbox of sandboxes) counts[sandbox.status] = (counts[sandbox.status] ?? 0) + 1;
  return counts;
}

/** Seconds since `started` (from performance.now()). */
export function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}
