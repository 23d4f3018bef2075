import { createHash } from 'node:crypto';
import {
  agentProtocolVersion,
  cidrContains,
  imageConfigSchema,
  type DesiredEndpoint,
  type DesiredNetwork,
  type DesiredPort,
  type DesiredSandbox,
  type DesiredState,
  type DesiredImage,
  type DnsRecord,
  type ImageConfig,
  type Ipv4,
  type Workload,
  type Mac,
  type Protocol,
  workloadSchema,
} from '@switchyard/contracts';
import type { Network, SandboxSpec } from '../inventory/rows.js';
import { interfaceIndex } from '../inventory/rows.js';
import { driverFor } from '../drivers/registry.js';
import { gwBridgeName, isGwBridge } from '../networks/gwbridge.js';
import { resolveWorkload } from '../images/workload.js';
import { compileMesh, type MeshFacts } from './mesh.js';
import { compileIngress, serviceDiscovery, type IngressFacts, type ServiceFacts } from './service-records.js';

export interface EndpointFacts {
  networkId: string;
  interfaceName: string | null;
  address: string | null;
  prefixLength: number | null;
  mac: string | null;
  aliases: string[];
}

export interface SandboxFacts {
  id: string;
  name: string;
  hostname: string;
  networkMode: string;
  spec: SandboxSpec;
  desiredRunning: boolean;
  startGeneration: number;
  endpoints: EndpointFacts[];
  ports: { hostIp: string; hostPort: number; containerPort: number; protocol: Protocol }[];
}

/** Whoever answers to names on a network one of the node's sandboxes is on. */
export interface PeerFacts {
  networkId: string;
  sandboxId: string;
  name: string;
  hostname: string;
  address: string | null;
  mac: string | null;
  aliases: string[];
  /** The peer's node and that node's underlay address (its VTEP on overlays). */
  nodeId: string;
  underlay: string;
}

/** What the compiler needs to know about a node and what is placed on it. */
export interface NodeFacts {
  id: string;
  name: string;
  underlayAddress: string;
  /**
   * The predefined bridge, the local networks placed on this node (its docker_gwbridge among them)
   * and the swarm networks its sandboxes are on.
   */
  networks: Network[];
  sandboxes: SandboxFacts[];
  peers: PeerFacts[];
  /** Services on the networks of the node's sandboxes, and every one publishing through the mesh. */
  services: ServiceFacts[];
  /** This node's ingress endpoint; null when there is no ingress network (or the node has none yet). */
  ingress: IngressFacts | null;
  /** The other nodes' ingress endpoints: peers on the ingress overlay besides the tasks. */
  ingressPeers: { address: string; mac: string; underlay: string }[];
  /** The HTTP routing mesh on this node: its legs and the routes; null when it has no leg. */
  mesh: MeshFacts | null;
  /** The other nodes' mesh legs on the mesh networks this node joins: peers besides the tasks. */
  meshPeers: { networkId: string; address: string; mac: string; underlay: string }[];
  /** Every loaded or pulled image, when the node has a container runtime; none otherwise. */
  images: DesiredImage[];
  /** Image configs by id: what a container's argv, env, user and working directory come from. */
  imageConfigs: ReadonlyMap<string, ImageConfig>;
}

/** The node's desired document without its revision: the part whose changes bump the revision. */
export type DesiredBody = Omit<DesiredState, 'revision'>;

/** Every endpoint of the overlay on other nodes: the agent programs each as neighbour and FDB entry. */
function overlayPeers(node: NodeFacts, network: Network) {
  const hosts = [
    ...(network.ingress ? node.ingressPeers : []),
    ...node.meshPeers.filter((peer) => peer.networkId === network.id),
  ];
  return node.peers
    .flatMap((peer) =>
      peer.networkId !== network.id || peer.nodeId === node.id || peer.address === null || peer.mac === null
        ? []
        : [{ address: peer.address, mac: peer.mac, underlay: peer.underlay }],
    )
    .concat(hosts.map(({ address, mac, underlay }) => ({ address, mac, underlay })))
    .map((peer) => ({ address: peer.address as Ipv4, mac: peer.mac as Mac, underlay: peer.underlay as Ipv4 }))
    .sort((a, b) => a.address.localeCompare(b.address, 'en', { numeric: true }));
}

function compileNetwork(node: NodeFacts, network: Network): DesiredNetwork {
  const subnets = network.ipam.map((pool) => ({ subnet: pool.subnet, gateway: pool.gateway }));
  // On its node the gateway bridge is simply docker_gwbridge, as Docker names it.
  const name = isGwBridge(network) ? gwBridgeName : network.name;
  const base = { id: network.id, name, driver: network.driver, subnets };
  // The predefined networks and the ingress network have no name resolution, as in Docker.
  const embeddedDns = !network.predefined && !network.ingress;
  const section = driverFor(network.driver)?.compile({
    network,
    nodeName: node.name,
    underlayAddress: node.underlayAddress,
    remotePeers: () => overlayPeers(node, network),
  });
  return { ...base, ...section, embeddedDns };
}

function dnsRecords(sandbox: SandboxFacts, userNetworks: Set<string>, peers: PeerFacts[]): DnsRecord[] {
  const records = new Map<string, DnsRecord>();
  for (const endpoint of sandbox.endpoints) {
    if (!userNetworks.has(endpoint.networkId)) continue;
    for (const peer of peers) {
      if (peer.networkId !== endpoint.networkId || peer.address === null) continue;
      // Docker answers a container's name, hostname, short id and its aliases on that network.
      for (const name of [peer.name, peer.hostname, peer.sandboxId.slice(0, 12), ...peer.aliases]) {
        records.set(`${name}|${peer.address}`, { name, address: peer.address as Ipv4 });
      }
    }
  }
  return [...records.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.address.localeCompare(b.address),
  );
}

/**
 * The process runtime runs a built-in image's command as given; an OCI image's workload is resolved
 * whole from the image's config by Docker's rules, so the agent runs exactly what it is told.
 */
export function compileWorkload(spec: SandboxSpec, configs: ReadonlyMap<string, ImageConfig>): Workload {
  if (spec.imageId === null) {
    return workloadSchema.parse({
      image: spec.image,
      command: [...(spec.entrypoint ?? []), ...spec.command],
      env: spec.env,
      ...(spec.stopSignal === null ? {} : { stopSignal: spec.stopSignal }),
      ...(spec.stopTimeout === null ? {} : { stopTimeoutSeconds: spec.stopTimeout }),
    });
  }
  // An image removed by force keeps its containers: they run with what their request says.
  const config = configs.get(spec.imageId) ?? imageConfigSchema.parse({});
  const resolved = resolveWorkload(config, {
    command: spec.command,
    entrypoint: spec.entrypoint,
    env: spec.env,
    user: spec.user,
    workingDir: spec.workingDir,
    stopSignal: spec.stopSignal,
    stopTimeoutSeconds: spec.stopTimeout,
  });
  return {
    image: spec.image,
    runtime: 'containerd',
    imageId: spec.imageId,
    command: resolved.command,
    env: resolved.env,
    user: resolved.user,
    workingDir: resolved.workingDir,
    stopSignal: resolved.stopSignal,
    stopTimeoutSeconds: resolved.stopTimeoutSeconds,
  };
}

function compileSandbox(
  node: NodeFacts,
  sandbox: SandboxFacts,
  networks: Map<string, Network>,
): DesiredSandbox {
  const endpoints: DesiredEndpoint[] = sandbox.endpoints
    .filter((endpoint) => endpoint.interfaceName !== null && endpoint.address !== null)
    .sort((a, b) => interfaceIndex(a.interfaceName) - interfaceIndex(b.interfaceName))
    .flatMap((endpoint) => {
      const network = networks.get(endpoint.networkId);
      if (network === undefined) return [];
      const address = endpoint.address as Ipv4;
      const gateway = network.ipam.find((pool) => cidrContains(pool.subnet, address))?.gateway;
      return [
        {
          networkId: endpoint.networkId,
          interfaceName: endpoint.interfaceName as string,
          address,
          prefixLength: endpoint.prefixLength ?? 32,
          // An internal network offers no way out, so it gives no default route; an overlay's way
          // out is the docker_gwbridge endpoint.
          gateway:
            network.internal || driverFor(network.driver)?.gatewayRoute === false ? null : (gateway ?? null),
          mac: endpoint.mac as Mac,
        },
      ];
    });
  // Published ports reach the container from the host: through a bridge endpoint when it has one.
  const onBridge = endpoints.find(
    (endpoint) => driverFor(networks.get(endpoint.networkId)?.driver ?? '')?.carriesPublishedPorts === true,
  );
  const target = (onBridge ?? endpoints[0])?.address;
  const ports: DesiredPort[] =
    target === undefined
      ? []
      : sandbox.ports.map((port) => ({
          hostIp: port.hostIp as Ipv4,
          hostPort: port.hostPort,
          containerPort: port.containerPort,
          protocol: port.protocol,
          targetAddress: target,
        }));
  const userNetworks = new Set(
    [...networks.values()].filter((n) => !n.predefined && !n.ingress).map((n) => n.id),
  );
  const joined = new Set(
    endpoints.map((endpoint) => endpoint.networkId).filter((id) => userNetworks.has(id)),
  );
  const discovery = serviceDiscovery(joined, node.services);
  const records = new Map(
    [...dnsRecords(sandbox, userNetworks, node.peers), ...discovery.records].map((record) => [
      `${record.name}|${record.address}`,
      record,
    ]),
  );
  return {
    id: sandbox.id,
    name: sandbox.name,
    hostname: sandbox.hostname,
    netns: sandbox.networkMode === 'host' ? null : `${node.name}-sb-${sandbox.id.slice(0, 12)}`,
    workload: compileWorkload(sandbox.spec, node.imageConfigs),
    running: sandbox.desiredRunning,
    startGeneration: sandbox.startGeneration,
    restartPolicy: sandbox.spec.restartPolicy,
    endpoints,
    ports,
    dns: {
      embedded: endpoints.some((endpoint) => userNetworks.has(endpoint.networkId)),
      servers: sandbox.spec.dns,
      search: sandbox.spec.dnsSearch,
      records: [...records.values()].sort(
        (a, b) => a.name.localeCompare(b.name) || a.address.localeCompare(b.address),
      ),
      srv: discovery.srv,
    },
    virtualServices: discovery.virtualServices,
    healthCheck: sandbox.spec.healthCheck,
  };
}

/**
 * Turns the cluster's desired state into one node's document. Pure, so it is unit tested and the
 * same input always yields the same document (and digest).
 */
export function compileNodeState(node: NodeFacts): DesiredBody {
  const joined = new Set(node.sandboxes.flatMap((sandbox) => sandbox.endpoints.map((e) => e.networkId)));
  // A swarm network exists on a node only while one of its sandboxes is on it; config-only never.
  // Every node with an ingress endpoint joins the ingress overlay: the routing mesh answers everywhere.
  // Likewise for each mesh network the node's proxy has a leg on.
  const legs = new Set(node.mesh?.links.map((link) => link.networkId));
  const realised = node.networks.filter(
    (network) =>
      !network.configOnly &&
      (network.scope !== 'swarm' ||
        joined.has(network.id) ||
        legs.has(network.id) ||
        (network.ingress && node.ingress?.networkId === network.id)),
  );
  const networks = realised.sort(
    (a, b) => Number(b.predefined) - Number(a.predefined) || a.name.localeCompare(b.name),
  );
  const byId = new Map(networks.map((network) => [network.id, network]));
  return {
    protocolVersion: agentProtocolVersion,
    nodeId: node.id,
    // Every driver that routes between namespaces needs forwarding on.
    sysctls: { 'net.ipv4.ip_forward': '1' },
    networks: networks.map((network) => compileNetwork(node, network)),
    sandboxes: [...node.sandboxes]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((sandbox) => compileSandbox(node, sandbox, byId)),
    ingress: compileIngress(node.ingress, node.services),
    hrm: compileMesh(node.mesh),
    images: [...node.images].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** A stable digest: keys are sorted so equal documents hash equally whatever their key order. */
export function digestDesired(body: DesiredBody): string {
  const canonical = JSON.stringify(body, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  return createHash('sha256').update(canonical).digest('hex');
}

/** Keeps the revision when the document is unchanged, raises it by one when it changed. */
export function nextRevision(
  previous: { revision: number; digest: string },
  body: DesiredBody,
): { revision: number; digest: string } {
  const digest = digestDesired(body);
  return digest === previous.digest ? previous : { revision: previous.revision + 1, digest };
}
