import {
  defaultMeshNetworkName,
  meshNetworkLabel,
  type NetworkView,
  type ServiceView,
} from '@switchyard/contracts';

/** Networks the routing mesh's proxy joins: those labelled for it (the default `hrm` is). */
export function isMeshNetwork(network: Pick<NetworkView, 'labels'>): boolean {
  return meshNetworkLabel in network.labels;
}

/**
 * Whether the service is on a mesh network, as far as the dashboard can tell before asking the server
 * (a route's `routable` is the server's word). A service spec names its networks by name or id.
 */
export function onMeshNetwork(service: Pick<ServiceView, 'spec'>, networks: readonly NetworkView[]): boolean {
  return service.spec.networks.some(({ network }) =>
    networks.some(
      (candidate) => (candidate.name === network || candidate.id === network) && isMeshNetwork(candidate),
    ),
  );
}

/** The hint for a service that the proxy cannot reach yet. */
export const notOnMeshHint = `Not on a mesh network: add it to ${defaultMeshNetworkName} (or a network labelled ${meshNetworkLabel}) or the route stays unroutable`;
