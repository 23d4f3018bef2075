import type { RouteView, ServiceView } from '@switchyard/contracts';

type RouteHost = RouteView['hosts'][number];

/** Every host's proxy serves it (and there is at least one host to say so). */
export function readyEverywhere(route: Pick<RouteView, 'hosts'>): boolean {
  return route.hosts.length > 0 && route.hosts.every((host) => host.state === 'ready');
}

/** `ready on 2/3 hosts`: the per-host badges in one phrase, for captions and the topology. */
export function hostsSummary(route: Pick<RouteView, 'hosts'>): string {
  if (route.hosts.length === 0) return 'on no host yet';
  const ready = route.hosts.filter((host) => host.state === 'ready').length;
  return `ready on ${ready}/${route.hosts.length} hosts`;
}

/** Hosts sorted by name, so the badges keep their order between refreshes. */
export function sortedHosts(route: Pick<RouteView, 'hosts'>): RouteHost[] {
  return route.hosts.toSorted((a, b) => a.nodeName.localeCompare(b.nodeName));
}

/** Mean response time as the proxy reports it: `12 ms`, `0.8 ms`; a dash before any request. */
export function formatLatency(ms: number | null): string {
  if (ms === null) return '–';
  return ms < 10 ? `${Number(ms.toFixed(1))} ms` : `${Math.round(ms)} ms`;
}

/** 12345 → `12,345`: counters grow large and are read at a glance. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** What a new route for the service should reach: its first published target port, else HTTP's 80. */
export function defaultRoutePort(service: Pick<ServiceView, 'spec'> | undefined): number {
  return service?.spec.ports[0]?.targetPort ?? 80;
}

/** Hostname order, as `docker service ls` sorts names. */
export function byHostname(a: Pick<RouteView, 'hostname'>, b: Pick<RouteView, 'hostname'>): number {
  return a.hostname.localeCompare(b.hostname);
}
