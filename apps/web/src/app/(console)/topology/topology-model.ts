import type {
  ContainerStatus,
  ContainerView,
  NetworkView,
  NodeStatus,
  NodeView,
} from '@switchyard/contracts';
import { formatPublishedPort } from '../../../lib/inventory/format';

export type Realised = 'ready' | 'pending' | 'failing';

export interface TopoHost {
  id: string;
  name: string;
  status: NodeStatus;
  underlayAddress: string;
}

/** A network as drawn: one per host it lives on (the predefined ones exist on every host). */
export interface TopoNetwork {
  key: string;
  networkId: string;
  name: string;
  hostId: string;
  driver: NetworkView['driver'];
  predefined: boolean;
  internal: boolean;
  subnets: string[];
  realised: Realised;
  reason: string | null;
  containerCount: number;
}

export interface TopoContainer {
  key: string;
  name: string;
  hostId: string;
  image: string;
  status: ContainerStatus;
  error: string | null;
  ports: string[];
}

/** An endpoint: a container's attachment to a network, with the address it got there. */
export interface TopoLink {
  key: string;
  networkKey: string;
  containerKey: string;
  networkName: string;
  containerName: string;
  address: string | null;
}

export interface TopologyModel {
  hosts: TopoHost[];
  networks: TopoNetwork[];
  containers: TopoContainer[];
  links: TopoLink[];
}

export interface TopologyData {
  nodes: NodeView[];
  networks: NetworkView[];
  containers: ContainerView[];
}

/** Predefined networks are one object for every host; each host draws its own copy. */
const networkKey = (network: NetworkView, hostId: string) =>
  network.predefined ? `${network.id}@${hostId}` : network.id;

function realisedOn(network: NetworkView, hostId: string): { realised: Realised; reason: string | null } {
  const entry = network.realisation.find((candidate) => candidate.nodeId === hostId);
  if (!entry) return { realised: 'pending', reason: 'not yet reported by the agent' };
  return entry.ready ? { realised: 'ready', reason: null } : { realised: 'failing', reason: entry.message };
}

export function buildTopology({ nodes, networks, containers }: TopologyData): TopologyModel {
  const hosts = nodes
    .toSorted((a, b) => a.name.localeCompare(b.name))
    .map(({ id, name, status, underlayAddress }) => ({ id, name, status, underlayAddress }));
  const hostIds = new Set(hosts.map((host) => host.id));

  const links: TopoLink[] = containers.flatMap((container) =>
    container.networks.flatMap((endpoint) => {
      const network = networks.find((candidate) => candidate.id === endpoint.networkId);
      if (!network) return [];
      const key = networkKey(network, container.nodeId);
      return [
        {
          key: `${container.id}>${key}`,
          networkKey: key,
          containerKey: container.id,
          networkName: network.name,
          containerName: container.name,
          address:
            endpoint.ipv4Address === null ? null : `${endpoint.ipv4Address}/${endpoint.prefixLength ?? 32}`,
        },
      ];
    }),
  );
  const linkCount = (key: string) => links.filter((link) => link.networkKey === key).length;

  const drawnNetworks: TopoNetwork[] = networks.flatMap((network) => {
    // `bridge` on every host, as Docker has it; `host` and `none` only where a container uses them.
    const onHosts = network.predefined
      ? hosts
          .map((host) => host.id)
          .filter((id) => network.name === 'bridge' || linkCount(networkKey(network, id)) > 0)
      : [network.nodeId].filter((id): id is string => id !== null && hostIds.has(id));
    return onHosts.map((hostId) => {
      const key = networkKey(network, hostId);
      return {
        key,
        networkId: network.id,
        name: network.name,
        hostId,
        driver: network.driver,
        predefined: network.predefined,
        internal: network.internal,
        subnets: network.ipam.map((pool) => pool.subnet),
        ...realisedOn(network, hostId),
        containerCount: linkCount(key),
      };
    });
  });

  const drawnContainers: TopoContainer[] = containers
    .filter((container) => hostIds.has(container.nodeId))
    .map((container) => ({
      key: container.id,
      name: container.name,
      hostId: container.nodeId,
      image: container.image,
      status: container.status,
      error: container.error,
      ports: container.ports.map(formatPublishedPort),
    }));

  const networkKeys = new Set(drawnNetworks.map((network) => network.key));
  return {
    hosts,
    networks: drawnNetworks,
    containers: drawnContainers,
    links: links.filter((link) => networkKeys.has(link.networkKey)),
  };
}
