import type { DesiredMesh, DesiredRoute, Ipv4, Mac, RouteProtocol } from '@switchyard/contracts';
import { servesTraffic } from '../scheduler/task-state.js';
import type { ServiceTaskFacts } from './service-records.js';

/** The node's leg into one mesh network. */
export interface MeshLinkFacts {
  networkId: string;
  vni: number;
  address: string;
  prefixLength: number;
  mac: string;
}

/** A route as the compiler sees it: its service's mesh networks and live tasks. */
export interface RouteFacts {
  id: string;
  hostname: string;
  protocol: RouteProtocol;
  serviceName: string;
  internalPort: number;
  stickyCookie: string | null;
  redirect: string | null;
  isDefault: boolean;
  /** The mesh networks the route's service is attached to; none: the route is not routable. */
  meshNetworkIds: string[];
  tasks: ServiceTaskFacts[];
}

export interface MeshFacts {
  httpPort: number;
  sniPort: number;
  /** This node's legs, one per mesh network; none: the node is not on the mesh. */
  links: MeshLinkFacts[];
  routes: RouteFacts[];
}

/**
 * The host side of a mesh leg. VNIs are unique while their networks live, so the name is unique
 * on the node and fits Linux's 15 characters (`hrm-` and at most 8 digits).
 */
export const meshInterfaceName = (vni: number): string => `hrm-${vni}`;

/** Each serving task once, by its address on the first mesh network both it and this node are on. */
function backends(route: RouteFacts, joined: string[]): DesiredRoute['backends'] {
  const via = joined.filter((networkId) => route.meshNetworkIds.includes(networkId));
  return route.tasks
    .filter(servesTraffic)
    .flatMap((task) => {
      const address = via
        .map((networkId) => task.addresses.find((a) => a.networkId === networkId)?.address)
        .find((found) => found !== undefined);
      return address === undefined
        ? []
        : [{ task: task.name, address: address as Ipv4, port: route.internalPort }];
    })
    .sort((a, b) => a.task.localeCompare(b.task));
}

/** This node's proxy: its legs and every routable route with the tasks it balances over. */
export function compileMesh(mesh: MeshFacts | null): DesiredMesh | null {
  if (mesh === null || mesh.links.length === 0) return null;
  const links = [...mesh.links].sort((a, b) => a.vni - b.vni);
  const joined = links.map((link) => link.networkId);
  return {
    httpPort: mesh.httpPort,
    sniPort: mesh.sniPort,
    links: links.map((link) => ({
      networkId: link.networkId,
      interfaceName: meshInterfaceName(link.vni),
      address: link.address as Ipv4,
      prefixLength: link.prefixLength,
      mac: link.mac as Mac,
    })),
    routes: mesh.routes
      .filter((route) => route.meshNetworkIds.length > 0)
      .sort((a, b) => a.hostname.localeCompare(b.hostname))
      .map((route) => ({
        routeId: route.id,
        hostname: route.hostname,
        protocol: route.protocol,
        serviceName: route.serviceName,
        backends: backends(route, joined),
        stickyCookie: route.stickyCookie,
        redirect: route.redirect,
        isDefault: route.isDefault,
      })),
  };
}
