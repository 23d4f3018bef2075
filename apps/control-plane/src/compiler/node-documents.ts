import type { DesiredState } from '@switchyard/contracts';
import type { Db, Tx } from '../db/client.js';
import { readAliases, readNetwork, readSpec } from '../inventory/rows.js';
import { compileNodeState, nextRevision, type NodeFacts } from './compile-node-state.js';
import { loadServiceFacts } from './load-services.js';
import { loadRouteFacts } from './load-routes.js';

/** Where the routing mesh's proxy listens on every host. */
export interface MeshPorts {
  httpPort: number;
  sniPort: number;
}

/** Gathers what the compiler needs about one node, inside the caller's (read) transaction. */
async function loadNodeFacts(
  tx: Tx,
  node: { id: string; name: string; underlayAddress: string },
  ports: MeshPorts,
): Promise<NodeFacts> {
  const sandboxes = await tx.sandbox.findMany({
    where: { nodeId: node.id },
    include: { endpoints: true, publishedPorts: true },
  });
  const ingressNetwork = await tx.network.findFirst({ where: { ingress: true }, select: { id: true } });
  const ingressEndpoints =
    ingressNetwork === null
      ? []
      : await tx.ingressEndpoint.findMany({
          where: { networkId: ingressNetwork.id },
          include: { node: { select: { underlayAddress: true } } },
        });
  const mine = ingressEndpoints.find((endpoint) => endpoint.nodeId === node.id) ?? null;
  const legs = await tx.meshEndpoint.findMany({
    include: { node: { select: { underlayAddress: true } }, network: { select: { vni: true } } },
  });
  const myLegs = legs.filter((leg) => leg.nodeId === node.id);
  const joined = [
    ...new Set([
      ...sandboxes.flatMap((sandbox) => sandbox.endpoints.map((e) => e.networkId)),
      ...(mine === null ? [] : [mine.networkId]),
      ...myLegs.map((leg) => leg.networkId),
    ]),
  ];
  const networks = await tx.network.findMany({
    where: {
      configOnly: false,
      OR: [
        { predefined: true, driver: 'bridge', nodeId: null },
        { nodeId: node.id },
        { scope: 'swarm', id: { in: joined } },
      ],
    },
  });
  const peers = await tx.endpoint.findMany({
    where: { networkId: { in: joined } },
    include: {
      sandbox: {
        select: { name: true, hostname: true, nodeId: true, node: { select: { underlayAddress: true } } },
      },
    },
  });
  const services = await loadServiceFacts(tx, new Set(joined), ingressNetwork?.id ?? null, mine !== null);
  return {
    id: node.id,
    name: node.name,
    underlayAddress: node.underlayAddress,
    networks: networks.map(readNetwork),
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
    peers: peers.map((peer) => ({
      networkId: peer.networkId,
      sandboxId: peer.sandboxId,
      name: peer.sandbox.name,
      hostname: peer.sandbox.hostname,
      address: peer.address,
      mac: peer.mac,
      aliases: readAliases(peer.aliases),
      nodeId: peer.sandbox.nodeId,
      underlay: peer.sandbox.node.underlayAddress,
    })),
    services,
    ingress: mine === null ? null : { networkId: mine.networkId, endpoint: mine },
    ingressPeers: ingressEndpoints
      .filter((endpoint) => endpoint.nodeId !== node.id)
      .map((endpoint) => ({
        address: endpoint.address,
        mac: endpoint.mac,
        underlay: endpoint.node.underlayAddress,
      })),
    mesh:
      myLegs.length === 0
        ? null
        : {
            ...ports,
            links: myLegs.map((leg) => ({
              networkId: leg.networkId,
              vni: leg.network.vni ?? 0,
              address: leg.address,
              prefixLength: leg.prefixLength,
              mac: leg.mac,
            })),
            routes: await loadRouteFacts(tx),
          },
    // Tasks here answer the other hosts' proxies too: their legs are peers wherever this node is on.
    meshPeers: legs
      .filter((leg) => leg.nodeId !== node.id && joined.includes(leg.networkId))
      .map((leg) => ({
        networkId: leg.networkId,
        address: leg.address,
        mac: leg.mac,
        underlay: leg.node.underlayAddress,
      })),
  };
}

/**
 * The node's current desired document. The revision is stored with the document's digest, so it
 * survives restarts and rises only when what the node must have really changed.
 */
export async function desiredDocumentFor(db: Db, nodeId: string, ports: MeshPorts): Promise<DesiredState> {
  return db.$transaction(async (tx) => {
    const node = await tx.node.findUniqueOrThrow({ where: { id: nodeId } });
    const body = compileNodeState(await loadNodeFacts(tx, node, ports));
    const next = nextRevision({ revision: node.desiredRevision, digest: node.desiredDigest }, body);
    if (next.revision !== node.desiredRevision) {
      await tx.node.update({
        where: { id: nodeId },
        data: { desiredRevision: next.revision, desiredDigest: next.digest },
      });
    }
    return { ...body, revision: next.revision };
  });
}

/** The node's desired document as the compiler makes it now, read only (diagnostics compare with it). */
export async function compiledBodyFor(db: Db, nodeId: string, ports: MeshPorts) {
  return db.$transaction(async (tx) => {
    const node = await tx.node.findUniqueOrThrow({ where: { id: nodeId } });
    return compileNodeState(await loadNodeFacts(tx, node, ports));
  });
}
