import { type DesiredImage, type ImageConfig } from '@switchyard/contracts';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { readJsonColumn } from '../db/json-column.js';
import { allImages, type ImageRecord } from '../images/image-rows.js';
import { readAliases, readNetwork, readSpec } from '../inventory/rows.js';
import type { NodeFacts } from './compile-node-state.js';
import { loadRouteFacts } from './load-routes.js';
import { loadServiceRows, serviceFacts, type ServiceRow } from './load-services.js';
import type { RouteFacts } from './mesh.js';

/** Where the routing mesh's proxy listens on every host. */
export interface MeshPorts {
  httpPort: number;
  sniPort: number;
}

interface ClusterNode {
  id: string;
  name: string;
  underlayAddress: string;
  /** JSON array of capability names. */
  capabilities: string;
}

const capabilitiesColumn = z.array(z.string());

/**
 * Everything any node's document is made from, read once: pushing to every node after a change
 * then costs one set of queries, not one per node.
 */
export interface ClusterFacts {
  ports: MeshPorts;
  nodes: Awaited<ReturnType<typeof loadNodes>>;
  underlays: ReadonlyMap<string, string>;
  sandboxes: Awaited<ReturnType<typeof loadSandboxes>>;
  sandboxesById: ReadonlyMap<string, ClusterFacts['sandboxes'][number]>;
  networks: ReturnType<typeof readNetwork>[];
  ingressNetworkId: string | null;
  ingressEndpoints: Awaited<ReturnType<typeof loadIngressEndpoints>>;
  legs: Awaited<ReturnType<typeof loadLegs>>;
  services: ServiceRow[];
  /** Loaded only when some node has a mesh leg. */
  routes: RouteFacts[];
  /** What a node with a container runtime must hold, and each image's config. */
  images: DesiredImage[];
  imageRecords: ImageRecord[];
  imageConfigs: ReadonlyMap<string, ImageConfig>;
}

function loadNodes(tx: Tx) {
  return tx.node.findMany();
}

function loadSandboxes(tx: Tx) {
  return tx.sandbox.findMany({ include: { endpoints: true, publishedPorts: true } });
}

function loadIngressEndpoints(tx: Tx, networkId: string) {
  return tx.ingressEndpoint.findMany({ where: { networkId } });
}

function loadLegs(tx: Tx) {
  return tx.meshEndpoint.findMany({ include: { network: { select: { vni: true } } } });
}

export async function loadClusterFacts(tx: Tx, ports: MeshPorts): Promise<ClusterFacts> {
  const nodes = await loadNodes(tx);
  const networks = (await tx.network.findMany()).map(readNetwork);
  const ingressNetwork = networks.find((network) => network.ingress);
  const legs = await loadLegs(tx);
  const sandboxes = await loadSandboxes(tx);
  const images = await allImages(tx);
  return {
    ports,
    nodes,
    underlays: new Map(nodes.map((node) => [node.id, node.underlayAddress])),
    sandboxes,
    sandboxesById: new Map(sandboxes.map((sandbox) => [sandbox.id, sandbox])),
    networks: networks.filter((network) => !network.configOnly),
    ingressNetworkId: ingressNetwork?.id ?? null,
    ingressEndpoints: ingressNetwork === undefined ? [] : await loadIngressEndpoints(tx, ingressNetwork.id),
    legs,
    services: await loadServiceRows(tx),
    routes: legs.length === 0 ? [] : await loadRouteFacts(tx),
    images: images.map((image) => ({
      id: image.id,
      references: image.references,
      diffIds: image.config.diffIds,
      source: image.source,
    })),
    imageConfigs: new Map(images.map((image) => [image.id, image.config])),
    imageRecords: images,
  };
}

/** What the compiler needs about one node, picked from the cluster's facts. */
export function nodeFacts(cluster: ClusterFacts, node: ClusterNode): NodeFacts {
  const underlay = (nodeId: string) => cluster.underlays.get(nodeId) ?? '';
  const sandboxes = cluster.sandboxes.filter((sandbox) => sandbox.nodeId === node.id);
  const mine = cluster.ingressEndpoints.find((endpoint) => endpoint.nodeId === node.id) ?? null;
  const myLegs = cluster.legs.filter((leg) => leg.nodeId === node.id);
  const joined = new Set([
    ...sandboxes.flatMap((sandbox) => sandbox.endpoints.map((e) => e.networkId)),
    ...(mine === null ? [] : [mine.networkId]),
    ...myLegs.map((leg) => leg.networkId),
  ]);
  const networks = cluster.networks.filter(
    (network) =>
      (network.predefined && network.driver === 'bridge' && network.nodeId === null) ||
      network.nodeId === node.id ||
      (network.scope === 'swarm' && joined.has(network.id)),
  );
  const peers = cluster.sandboxes.flatMap((sandbox) =>
    sandbox.endpoints
      .filter((endpoint) => joined.has(endpoint.networkId))
      .map((peer) => ({
        networkId: peer.networkId,
        sandboxId: peer.sandboxId,
        name: sandbox.name,
        hostname: sandbox.hostname,
        address: peer.address,
        mac: peer.mac,
        aliases: readAliases(peer.aliases),
        nodeId: sandbox.nodeId,
        underlay: underlay(sandbox.nodeId),
      })),
  );
  return {
    id: node.id,
    name: node.name,
    underlayAddress: node.underlayAddress,
    networks,
    sandboxes: sandboxes.map((sandbox) => ({
      ...sandbox,
      spec: readSpec(sandbox.spec),
      endpoints: sandbox.endpoints.map((endpoint) => ({
        ...endpoint,
        aliases: readAliases(endpoint.aliases),
      })),
      ports: sandbox.publishedPorts.map((port) => ({
        ...port,
        protocol: port.protocol === 'udp' ? ('udp' as const) : ('tcp' as const),
      })),
    })),
    peers,
    services: serviceFacts(
      cluster.services,
      cluster.sandboxesById,
      joined,
      cluster.ingressNetworkId,
      mine !== null,
      cluster.imageRecords,
    ),
    ingress: mine === null ? null : { networkId: mine.networkId, endpoint: mine },
    ingressPeers: cluster.ingressEndpoints
      .filter((endpoint) => endpoint.nodeId !== node.id)
      .map((endpoint) => ({
        address: endpoint.address,
        mac: endpoint.mac,
        underlay: underlay(endpoint.nodeId),
      })),
    mesh:
      myLegs.length === 0
        ? null
        : {
            ...cluster.ports,
            links: myLegs.map((leg) => ({
              networkId: leg.networkId,
              vni: leg.network.vni ?? 0,
              address: leg.address,
              prefixLength: leg.prefixLength,
              mac: leg.mac,
            })),
            routes: cluster.routes,
          },
    images: readJsonColumn(capabilitiesColumn, node.capabilities).includes('containerd')
      ? cluster.images
      : [],
    imageConfigs: cluster.imageConfigs,
    // Tasks here answer the other hosts' proxies too: their legs are peers wherever this node is on.
    meshPeers: cluster.legs
      .filter((leg) => leg.nodeId !== node.id && joined.has(leg.networkId))
      .map((leg) => ({
        networkId: leg.networkId,
        address: leg.address,
        mac: leg.mac,
        underlay: underlay(leg.nodeId),
      })),
  };
}
