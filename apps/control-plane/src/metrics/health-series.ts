import type { PrometheusSample } from '@switchyard/contracts';

/** One source's samples at one moment: the control plane's own, or a node's relayed ones. */
export interface Scrape {
  at: number;
  samples: readonly PrometheusSample[];
}

/** One node's figures over one sampling interval. */
export interface NodeHealthPoint {
  node: string;
  /** 95th percentile of the agent's reconcile passes in the interval; null when none ran. */
  reconcileP95Ms: number | null;
  dnsQueriesPerSecond: number;
  /** Proxy answers per second by status class (`2xx`, `5xx`, …). */
  proxyRequestsPerSecond: Record<string, number>;
  tasks: Record<string, number>;
}

export interface HealthPoint {
  at: string;
  agentsConnected: number;
  /** Live service tasks by state, as the control plane stores them. */
  tasks: Record<string, number>;
  /** The control plane's reconcile passes in the interval; null when none ran. */
  reconcileP95Ms: number | null;
  pushP95Ms: number | null;
  nodes: NodeHealthPoint[];
}

const matches = (sample: PrometheusSample, name: string, labels: Record<string, string>) =>
  sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value);

/** The sum of every sample of `name` with these labels (others summed over). */
export function total(scrape: Scrape | undefined, name: string, labels: Record<string, string> = {}): number {
  if (scrape === undefined) return 0;
  return scrape.samples
    .filter((sample) => matches(sample, name, labels))
    .reduce((sum, s) => sum + s.value, 0);
}

/** Values of `name` by one label, e.g. tasks by state. */
export function byLabel(scrape: Scrape | undefined, name: string, label: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const sample of scrape?.samples ?? []) {
    const key = sample.labels[label];
    if (sample.name === name && key !== undefined) result[key] = (result[key] ?? 0) + sample.value;
  }
  return result;
}

/**
 * The q-quantile of a histogram's observations between two scrapes, interpolated within its bucket
 * as Prometheus' histogram_quantile does; null when nothing was observed. A counter reset (the
 * process restarted) counts from zero. Pure.
 */
export function quantileBetween(
  q: number,
  before: Scrape | undefined,
  now: Scrape,
  histogram: string,
): number | null {
  const bucket = `${histogram}_bucket`;
  const cumulative = new Map<number, number>();
  for (const sample of now.samples) {
    if (sample.name !== bucket) continue;
    const le = sample.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(sample.labels.le);
    cumulative.set(le, (cumulative.get(le) ?? 0) + sample.value);
  }
  const earlier = new Map<number, number>();
  for (const sample of before?.samples ?? []) {
    if (sample.name !== bucket) continue;
    const le = sample.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(sample.labels.le);
    earlier.set(le, (earlier.get(le) ?? 0) + sample.value);
  }
  const bounds = [...cumulative.keys()].sort((a, b) => a - b);
  const reset = bounds.some((le) => (cumulative.get(le) ?? 0) < (earlier.get(le) ?? 0));
  const delta = bounds.map((le) => (cumulative.get(le) ?? 0) - (reset ? 0 : (earlier.get(le) ?? 0)));
  const count = delta.at(-1) ?? 0;
  if (count <= 0) return null;
  const rank = q * count;
  let lower = 0;
  let below = 0;
  for (const [index, le] of bounds.entries()) {
    const within = delta[index] ?? 0;
    if (within >= rank) {
      // Beyond the last finite bound nothing is known but that bound.
      if (!Number.isFinite(le)) return lower;
      return lower + ((le - lower) * (rank - below)) / Math.max(within - below, Number.MIN_VALUE);
    }
    lower = le;
    below = within;
  }
  return lower;
}

/** Per-second increase of a counter between two scrapes (a reset counts from zero). Pure. */
export function ratePerSecond(
  before: Scrape | undefined,
  now: Scrape,
  name: string,
  labels: Record<string, string> = {},
): number {
  if (before === undefined) return 0;
  const seconds = (now.at - before.at) / 1000;
  if (seconds <= 0) return 0;
  const current = total(now, name, labels);
  const previous = total(before, name, labels);
  return (current >= previous ? current - previous : current) / seconds;
}

const milliseconds = (seconds: number | null) =>
  seconds === null ? null : Math.round(seconds * 10_000) / 10;
const rounded = (value: number) => Math.round(value * 100) / 100;

/** A node's point from its scrape and the one before. Pure. */
export function nodePoint(node: string, before: Scrape | undefined, now: Scrape): NodeHealthPoint {
  const proxy: Record<string, number> = {};
  for (const code of Object.keys(byLabel(now, 'switchyard_agent_proxy_requests_total', 'code'))) {
    proxy[code] = rounded(ratePerSecond(before, now, 'switchyard_agent_proxy_requests_total', { code }));
  }
  return {
    node,
    reconcileP95Ms: milliseconds(
      quantileBetween(0.95, before, now, 'switchyard_agent_reconcile_pass_seconds'),
    ),
    dnsQueriesPerSecond: rounded(ratePerSecond(before, now, 'switchyard_agent_dns_query_seconds_count')),
    proxyRequestsPerSecond: proxy,
    tasks: byLabel(now, 'switchyard_agent_tasks', 'state'),
  };
}

/** The cluster's point from the control plane's scrape and the one before, with its nodes'. Pure. */
export function clusterPoint(before: Scrape | undefined, now: Scrape, nodes: NodeHealthPoint[]): HealthPoint {
  return {
    at: new Date(now.at).toISOString(),
    agentsConnected: total(now, 'switchyard_agents_connected'),
    tasks: byLabel(now, 'switchyard_tasks', 'state'),
    reconcileP95Ms: milliseconds(quantileBetween(0.95, before, now, 'switchyard_reconcile_pass_seconds')),
    pushP95Ms: milliseconds(quantileBetween(0.95, before, now, 'switchyard_push_apply_seconds')),
    nodes,
  };
}
