import type { RouteView } from '@switchyard/contracts';
import { byHostname, hostsSummary, readyEverywhere } from '../../../../lib/routes/format';
import type { Realised } from './realised';

/** One hostname the routing mesh serves, as the hover summary lists it. */
export interface TopoMeshRoute {
  hostname: string;
  serviceKey: string;
  serviceName: string;
  port: number;
  /** `ready on 3/3 hosts`, or why the proxy cannot reach the service. */
  state: string;
  realised: Realised;
}

/** The HTTP routing mesh (HRM): one proxy per host, drawn once, above the services it routes to. */
export interface TopoMesh {
  key: string;
  routes: TopoMeshRoute[];
  realised: Realised;
}

/** An edge from the mesh to a service that has routes, labelled with their hostnames. */
export interface TopoMeshLink {
  key: string;
  serviceKey: string;
  serviceName: string;
  hostnames: string[];
  realised: Realised;
}

const meshKey = 'mesh';

const serviceKeyOf = (route: RouteView) => `service:${route.serviceId}`;

function realisedRoute(route: RouteView): Realised {
  if (!route.routable || route.hosts.some((host) => host.state === 'error')) return 'failing';
  return readyEverywhere(route) ? 'ready' : 'pending';
}

/** The worst of the routes: one failing route marks the mesh (or its edge) failing. */
function worst(states: readonly Realised[]): Realised {
  if (states.includes('failing')) return 'failing';
  return states.includes('pending') ? 'pending' : 'ready';
}

/**
 * The mesh and its edges, or nothing when no route exists. Counters are left out on purpose: they
 * change on every refresh and must not make the canvas think the map changed.
 */
export function buildMesh(
  routes: readonly RouteView[],
  drawnServiceKeys: ReadonlySet<string>,
): { mesh: TopoMesh | null; meshLinks: TopoMeshLink[] } {
  if (routes.length === 0) return { mesh: null, meshLinks: [] };
  const meshRoutes = routes.toSorted(byHostname).map((route) => ({
    hostname: route.hostname,
    serviceKey: serviceKeyOf(route),
    serviceName: route.serviceName,
    port: route.internalPort,
    state: route.routable ? hostsSummary(route) : `not routable: ${route.reason ?? 'unknown reason'}`,
    realised: realisedRoute(route),
  }));
  const byService = new Map<string, TopoMeshRoute[]>();
  for (const route of meshRoutes) {
    if (!drawnServiceKeys.has(route.serviceKey)) continue;
    byService.set(route.serviceKey, [...(byService.get(route.serviceKey) ?? []), route]);
  }
  const meshLinks = [...byService].map(([serviceKey, own]) => ({
    key: `${meshKey}>${serviceKey}`,
    serviceKey,
    serviceName: own[0]?.serviceName ?? serviceKey,
    hostnames: own.map((route) => route.hostname),
    realised: worst(own.map((route) => route.realised)),
  }));
  return {
    mesh: { key: meshKey, routes: meshRoutes, realised: worst(meshRoutes.map((route) => route.realised)) },
    meshLinks,
  };
}
