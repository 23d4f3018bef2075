import type {
  ContainerStatus,
  ContainerView,
  NetworkView,
  NodeStatus,
  NodeView,
  PathBreak,
  RouteView,
  ServiceView,
} from '@switchyard/contracts';
import { macvlanOptions } from '../../../../lib/inventory/driver-options';
import { formatPublishedPort } from '../../../../lib/inventory/format';
import { networkNodeNames, spansHosts } from '../../../../lib/inventory/network-span';
import {
  formatReplicas,
  formatServicePort,
  serviceHealth,
  type ServiceHealth,
} from '../../../../lib/services/format';
import { buildMesh, type TopoMesh, type TopoMeshLink } from './topology-mesh';
import { findProblems, type Problems } from './topology-problems';
import type { Realised } from './realised';

export type Labels = Readonly<Record<string, string>>;

export interface TopoHost {
  id: string;
  name: string;
  status: NodeStatus;
  underlayAddress: string;
  /** Failing conditions its agent reports about no object drawn on the map (a sysctl, a table). */
  problems: readonly string[];
}

/**
 * A network as drawn: one per host it lives on (the predefined ones exist on every host), except a
 * network that spans hosts (an overlay), drawn once across them and reached through its VTEPs.
 */
export interface TopoNetwork {
  key: string;
  networkId: string;
  name: string;
  /** Null: spans the hosts of its VTEPs. */
  hostId: string | null;
  driver: NetworkView['driver'];
  predefined: boolean;
  internal: boolean;
  subnets: string[];
  realised: Realised;
  reason: string | null;
  containerCount: number;
  /** The routing mesh's overlay: on every host, carries the services' published ports. */
  ingress: boolean;
  /** Macvlan: the host interface it hangs off. */
  parent: string | null;
  vni: number | null;
  labels: Labels;
  /** Why it is broken (a failing condition on its host); empty: nothing known wrong. */
  problems: readonly string[];
}

/** Where a spanning network meets a host: its VXLAN endpoint, at the host's underlay address. */
export interface TopoVtep {
  key: string;
  networkKey: string;
  networkName: string;
  /** Its overlay's VXLAN id: what tells one VTEP of a host from another. */
  vni: number | null;
  ingress: boolean;
  hostId: string;
  hostName: string;
  underlayAddress: string;
  realised: Realised;
  reason: string | null;
  /** Failing conditions its host reports about this overlay there (the network, its peers). */
  problems: readonly string[];
}

export interface TopoContainer {
  key: string;
  name: string;
  hostId: string;
  image: string;
  status: ContainerStatus;
  error: string | null;
  ports: string[];
  labels: Labels;
  /** The service whose task this container runs, if any. */
  serviceKey: string | null;
  /** `web.2`: the task's service and slot, shorter than the container's name. */
  taskLabel: string | null;
  /** Why it is broken: not running while meant to, its task failed or unhealthy, its sandbox failing. */
  problems: readonly string[];
}

/** An endpoint: a container's attachment to a network, with the address it got there. */
export interface TopoLink {
  key: string;
  /** The network's copy on the container's host, or the VTEP there of a spanning network. */
  networkKey: string;
  networkId: string;
  containerKey: string;
  networkName: string;
  containerName: string;
  address: string | null;
}

/** A service: above the hosts, since its tasks run on several of them. */
export interface TopoService {
  key: string;
  name: string;
  image: string;
  /** `10.0.1.2 on appnet`, one per network. */
  vips: string[];
  networkIds: string[];
  ports: string[];
  /** Ports published on every host through the routing mesh (ingress mode). */
  ingressPorts: number[];
  replicas: string;
  health: ServiceHealth;
  /** Hostnames the HTTP routing mesh sends here. */
  hostnames: string[];
  labels: Labels;
  /** Why it is drawn broken (a recent path check's finding); empty when it is not. */
  problems: readonly string[];
}

/** A service's task: an edge from the service to the container that runs it. */
export interface TopoTaskLink {
  key: string;
  serviceKey: string;
  containerKey: string;
  taskName: string;
}

export interface TopologyModel {
  hosts: TopoHost[];
  networks: TopoNetwork[];
  vteps: TopoVtep[];
  containers: TopoContainer[];
  links: TopoLink[];
  services: TopoService[];
  taskLinks: TopoTaskLink[];
  /** The HTTP routing mesh, once a route exists. */
  mesh: TopoMesh | null;
  meshLinks: TopoMeshLink[];
}

export interface TopologyData {
  nodes: NodeView[];
  networks: NetworkView[];
  containers: ContainerView[];
  services: ServiceView[];
  routes: RouteView[];
  /** What the latest path checks found broken (absent: none known). */
  breaks?: readonly PathBreak[];
}

/** The routing mesh's overlay, which Docker names `ingress`. */
const isIngress = (network: Pick<NetworkView, 'driver' | 'name' | 'ingress'>) =>
  spansHosts(network) && (network.ingress === true || network.name === 'ingress');

/** Predefined networks are one object for every host, each host draws its own copy; overlays a VTEP. */
const hostCopy = (network: NetworkView, hostId: string) =>
  network.predefined || spansHosts(network) || network.nodeId === null
    ? `${network.id}@${hostId}`
    : network.id;

function realisedOn(network: NetworkView, hostId: string): { realised: Realised; reason: string | null } {
  const entry = network.realisation.find((candidate) => candidate.nodeId === hostId);
  if (!entry) return { realised: 'pending', reason: 'not yet reported by the agent' };
  return entry.ready ? { realised: 'ready', reason: null } : { realised: 'failing', reason: entry.message };
}

/** A spanning network is as good as its worst host; the reason names the host. */
function realisedAcross(vteps: readonly TopoVtep[]): { realised: Realised; reason: string | null } {
  const worst =
    vteps.find((vtep) => vtep.realised === 'failing') ?? vteps.find((vtep) => vtep.realised === 'pending');
  if (worst) return { realised: worst.realised, reason: `${worst.hostName}: ${worst.reason ?? 'not ready'}` };
  return vteps.length === 0
    ? { realised: 'pending', reason: 'on no host yet: created where its first container lands' }
    : { realised: 'ready', reason: null };
}

/** `web.2` from `web.2.x7f…`; a global service's task keeps its service name only. */
function taskLabel(service: ServiceView, slot: number | null): string {
  return slot === null ? service.spec.name : `${service.spec.name}.${slot}`;
}

function buildServices(
  services: readonly ServiceView[],
  routes: readonly RouteView[],
  containerKeys: ReadonlySet<string>,
  problemsOf: (key: string) => readonly string[],
): Pick<TopologyModel, 'services' | 'taskLinks' | 'mesh' | 'meshLinks'> {
  const drawn = services
    .toSorted((a, b) => a.spec.name.localeCompare(b.spec.name))
    .map((service) => ({
      key: `service:${service.id}`,
      name: service.spec.name,
      image: service.spec.image,
      vips: service.virtualIps.map((vip) => `${vip.address} on ${vip.networkName}`),
      networkIds: service.virtualIps.map((vip) => vip.networkId),
      ports: service.ports.map(formatServicePort),
      ingressPorts: service.ports
        .filter((port) => port.publishMode !== 'host')
        .map((port) => port.publishedPort),
      replicas: formatReplicas(service),
      health: serviceHealth(service),
      hostnames: routes
        .filter((route) => route.serviceId === service.id)
        .map((route) => route.hostname)
        .toSorted((a, b) => a.localeCompare(b)),
      labels: service.spec.labels,
      problems: problemsOf(`service:${service.id}`),
    }));
  // Only tasks meant to run and whose container is drawn: shut-down history has no place on the map.
  const taskLinks = services.flatMap((service) =>
    service.tasks.flatMap((task) =>
      task.desiredState === 'running' && task.containerId !== null && containerKeys.has(task.containerId)
        ? [
            {
              key: `task:${task.id}`,
              serviceKey: `service:${service.id}`,
              containerKey: task.containerId,
              taskName: task.name,
            },
          ]
        : [],
    ),
  );
  return {
    services: drawn,
    taskLinks,
    ...buildMesh(routes, new Set(drawn.map((service) => service.key))),
  };
}

/** The task each container runs, by container id: its service key and short label. */
function tasksByContainer(
  services: readonly ServiceView[],
): Map<string, { serviceKey: string; label: string }> {
  const byContainer = new Map<string, { serviceKey: string; label: string }>();
  for (const service of services)
    for (const task of service.tasks)
      if (task.containerId !== null)
        byContainer.set(task.containerId, {
          serviceKey: `service:${service.id}`,
          label: taskLabel(service, task.slot),
        });
  return byContainer;
}

/** The hosts a network that is neither predefined nor spanning, nor bound to one node, is on. */
function hostsOfUnboundNetwork(network: NetworkView, hostIdByName: ReadonlyMap<string, string>): string[] {
  return networkNodeNames(network).flatMap((name) => {
    const id = hostIdByName.get(name);
    return id === undefined ? [] : [id];
  });
}

export function buildTopology({
  nodes,
  networks,
  containers,
  services,
  routes,
  breaks = [],
}: TopologyData): TopologyModel {
  const sortedNodes = nodes.toSorted((a, b) => a.name.localeCompare(b.name));
  const hostIds = new Set(sortedNodes.map((node) => node.id));
  const hostIdByName = new Map(sortedNodes.map((node) => [node.name, node.id]));
  const networkById = new Map(networks.map((network) => [network.id, network]));

  const links: TopoLink[] = containers.flatMap((container) =>
    container.networks.flatMap((endpoint) => {
      const network = networkById.get(endpoint.networkId);
      if (!network) return [];
      const key = hostCopy(network, container.nodeId);
      return [
        {
          key: `${container.id}>${key}`,
          networkKey: key,
          networkId: network.id,
          containerKey: container.id,
          networkName: network.name,
          containerName: container.name,
          address:
            endpoint.ipv4Address === null ? null : `${endpoint.ipv4Address}/${endpoint.prefixLength ?? 32}`,
        },
      ];
    }),
  );
  const linkCounts = new Map<string, number>();
  for (const link of links) linkCounts.set(link.networkKey, (linkCounts.get(link.networkKey) ?? 0) + 1);
  const linkCount = (key: string) => linkCounts.get(key) ?? 0;

  const common = (network: NetworkView) => ({
    networkId: network.id,
    name: network.name,
    driver: network.driver,
    predefined: network.predefined,
    internal: network.internal,
    subnets: network.ipam.map((pool) => pool.subnet),
    parent: network.driver === 'macvlan' ? (network.options[macvlanOptions.parent] ?? 'eth0') : null,
    vni: network.vni,
    ingress: isIngress(network),
    labels: network.labels,
  });

  const drawable = networks.filter((network) => !network.configOnly);
  const vtepsAt = drawable.filter(spansHosts).flatMap((network) => {
    const names = new Set(networkNodeNames(network));
    // The routing mesh is on every host by definition, before any task lands there.
    return sortedNodes
      .filter((host) => isIngress(network) || names.has(host.name))
      .map((host) => ({
        key: hostCopy(network, host.id),
        networkKey: network.id,
        networkName: network.name,
        vni: network.vni,
        ingress: isIngress(network),
        hostId: host.id,
        hostName: host.name,
        underlayAddress: host.underlayAddress,
        ...realisedOn(network, host.id),
      }));
  });
  const drawnContainerIds = new Set(
    containers.filter((container) => hostIds.has(container.nodeId)).map((container) => container.id),
  );
  const containerByName = new Map(
    containers.map((container) => [`${container.name}@${container.nodeId}`, container.id]),
  );
  const drawnKeys = new Set(vtepsAt.map((vtep) => vtep.key));
  const problems: Problems = findProblems(
    nodes,
    containers,
    services,
    {
      networkOn: (networkId, hostId) => {
        const network = networkById.get(networkId);
        const key = network === undefined ? null : hostCopy(network, hostId);
        return key !== null && (drawnKeys.has(key) || network?.nodeId === hostId) ? key : null;
      },
      containerNamed: (name, hostId) => containerByName.get(`${name}@${hostId}`) ?? null,
      containerIds: drawnContainerIds,
      serviceKey: (serviceId) =>
        services.some((service) => service.id === serviceId) ? `service:${serviceId}` : null,
    },
    breaks,
  );
  const problemsOf = (key: string) => problems.get(key) ?? [];
  const hosts: TopoHost[] = sortedNodes.map(({ id, name, status, underlayAddress }) => ({
    id,
    name,
    status,
    underlayAddress,
    problems: problemsOf(id),
  }));
  const vteps: TopoVtep[] = vtepsAt.map((vtep) => ({ ...vtep, problems: problemsOf(vtep.key) }));
  const vtepsByNetwork = new Map<string, TopoVtep[]>();
  for (const vtep of vteps)
    vtepsByNetwork.set(vtep.networkKey, [...(vtepsByNetwork.get(vtep.networkKey) ?? []), vtep]);

  const drawnNetworks = drawable.flatMap((network): TopoNetwork[] => {
    if (spansHosts(network)) {
      return [
        {
          key: network.id,
          hostId: null,
          ...common(network),
          ...realisedAcross(vtepsByNetwork.get(network.id) ?? []),
          containerCount: network.containers.length,
          problems: (vtepsByNetwork.get(network.id) ?? []).flatMap((vtep) =>
            vtep.problems.map((problem) => `${vtep.hostName}: ${problem}`),
          ),
        },
      ];
    }
    // `bridge` on every host, as Docker has it; `host` and `none` only where a container uses them.
    const onHosts = network.predefined
      ? hosts
          .map((host) => host.id)
          .filter((id) => network.name === 'bridge' || linkCount(hostCopy(network, id)) > 0)
      : network.nodeId === null
        ? hostsOfUnboundNetwork(network, hostIdByName)
        : [network.nodeId].filter((id) => hostIds.has(id));
    return onHosts.map((hostId) => {
      const key = hostCopy(network, hostId);
      return {
        key,
        hostId,
        ...common(network),
        ...realisedOn(network, hostId),
        containerCount: linkCount(key),
        problems: problemsOf(key),
      };
    });
  });

  const tasks = tasksByContainer(services);
  const drawnContainers: TopoContainer[] = containers
    .filter((container) => hostIds.has(container.nodeId))
    .map((container) => {
      const task = tasks.get(container.id);
      return {
        key: container.id,
        name: container.name,
        hostId: container.nodeId,
        image: container.image,
        status: container.status,
        error: container.error,
        ports: container.ports.map(formatPublishedPort),
        labels: container.labels,
        serviceKey: task?.serviceKey ?? null,
        taskLabel: task?.label ?? null,
        problems: problemsOf(container.id),
      };
    });

  const networkKeys = new Set([...drawnNetworks, ...vteps].map((drawn) => drawn.key));
  return {
    hosts,
    networks: drawnNetworks,
    vteps,
    containers: drawnContainers,
    links: links.filter((link) => networkKeys.has(link.networkKey)),
    ...buildServices(
      services,
      routes,
      new Set(drawnContainers.map((container) => container.key)),
      problemsOf,
    ),
  };
}
