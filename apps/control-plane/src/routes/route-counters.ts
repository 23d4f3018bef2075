import type { RouteCounters, RouteView } from '@switchyard/contracts';

type Totals = RouteView['counters'];

/**
 * The proxies' latest counters per node and route, from the agents' heartbeats. Kept in memory
 * only: they are the proxies' own counts since they started, and come back with the next beat.
 */
export class RouteCounterStore {
  private readonly byNode = new Map<string, Map<string, RouteCounters>>();

  /** A heartbeat without counters (no proxy running yet) leaves the node's last ones as they are. */
  record(nodeId: string, counters: RouteCounters[] | undefined): void {
    if (counters === undefined) return;
    this.byNode.set(nodeId, new Map(counters.map((entry) => [entry.routeId, entry])));
  }

  /** The route's counters summed over the nodes; the response time is weighted by requests. */
  total(routeId: string): Totals {
    const entries = [...this.byNode.values()].flatMap((counters) => counters.get(routeId) ?? []);
    return sumCounters(entries);
  }
}

export function sumCounters(entries: RouteCounters[]): Totals {
  const status = { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
  let requests = 0;
  let timed = 0;
  let weighted = 0;
  for (const entry of entries) {
    requests += entry.requests;
    for (const key of Object.keys(status) as (keyof typeof status)[]) status[key] += entry.status[key];
    if (entry.avgResponseMs !== null && entry.requests > 0) {
      timed += entry.requests;
      weighted += entry.avgResponseMs * entry.requests;
    }
  }
  return { requests, status, avgResponseMs: timed === 0 ? null : weighted / timed };
}
