import {
  defaultMeshNetworkName,
  meshNetworkLabel,
  type Capability,
  type Condition,
  type RouteView,
} from '@switchyard/contracts';

/** The condition the agent reports about its routing mesh proxy. */
export const proxyCondition = 'hrm/proxy';

/** Why a route whose service is on no mesh network is not sent to the proxies, and the fix. */
export function notRoutableReason(serviceName: string, meshNetworkNames: string[]): string {
  const target = meshNetworkNames.includes(defaultMeshNetworkName)
    ? defaultMeshNetworkName
    : meshNetworkNames[0];
  if (target === undefined) {
    return `no network is labelled ${meshNetworkLabel}: docker network create --driver overlay --attachable --label ${meshNetworkLabel}=true ${defaultMeshNetworkName}, then docker service update --network-add ${defaultMeshNetworkName} ${serviceName}`;
  }
  return `service ${serviceName} is not on the ${target} network (or another network labelled ${meshNetworkLabel}): docker service update --network-add ${target} ${serviceName}`;
}

export interface HostFacts {
  id: string;
  name: string;
  ready: boolean;
  conditions: Condition[];
  desiredRevision: number;
  observedRevision: number;
  capabilities: Capability[];
  /** Whether the node has its legs into the mesh networks. */
  meshed: boolean;
}

type HostState = RouteView['hosts'][number];

/**
 * How one host serves a route: down with its node; error when its proxy says so; ready once the
 * proxy is up and the node has applied its latest document; pending until then. `cannotJoin`
 * says why a ready node has no leg into the mesh, when it lacks what the overlay needs.
 */
export function hostState(
  node: HostFacts,
  routable: boolean,
  cannotJoin: (node: HostFacts) => string | null,
): HostState {
  const state = (value: HostState['state'], message: string | null): HostState => ({
    nodeId: node.id,
    nodeName: node.name,
    state: value,
    message,
  });
  if (!node.ready) return state('down', `node ${node.name} is down`);
  if (!node.meshed) {
    const reason = cannotJoin(node);
    return reason === null ? state('pending', 'the node is joining the mesh') : state('error', reason);
  }
  const proxy = node.conditions.find((condition) => condition.object === proxyCondition);
  if (proxy !== undefined && !proxy.ready) return state('error', proxy.message ?? 'the proxy is not ready');
  if (!routable) return state('pending', 'not sent to the proxy: the route is not routable');
  if (proxy === undefined) return state('pending', 'the proxy has not reported yet');
  return node.observedRevision >= node.desiredRevision
    ? state('ready', null)
    : state('pending', 'the proxy is applying the latest routes');
}
