import type { Protocol, RouteView } from '@switchyard/contracts';
import type { MeshPorts } from '../../compiler/cluster-facts.js';
import { compiledBodyFor } from '../../compiler/node-documents.js';
import type { Db } from '../../db/client.js';
import { ServiceError } from '../../errors.js';
import { loadSandbox, loadService, type IsConnected } from '../load-facts.js';
import type { NodeRef } from '../path-facts.js';
import type { PortOwner, PublishedFacts, RouteFacts } from './target-facts.js';

async function networkName(db: Db, id: string): Promise<string> {
  const row = await db.network.findUnique({ where: { id }, select: { name: true } });
  return row?.name ?? id;
}

async function loadNodes(db: Db, connected: IsConnected): Promise<NodeRef[]> {
  const rows = await db.node.findMany({ orderBy: { name: 'asc' } });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    underlay: row.underlayAddress,
    connected: connected(row.id),
  }));
}

function findNode(nodes: readonly NodeRef[], key: string, field: string): NodeRef {
  const node = nodes.find((candidate) => candidate.id === key || candidate.name === key);
  if (node === undefined) throw new ServiceError('NOT_FOUND', `no node is named ${key}`, field);
  return node;
}

/**
 * Where "outside" is: another connected host, whose packets reach `node`'s underlay address and
 * go through its prerouting hook as a client's from outside the cluster would (from `node`'s own
 * namespace they would take the output hook instead). Null when no other host is connected.
 */
const outsideOf = (nodes: readonly NodeRef[], node: NodeRef) =>
  nodes.find((candidate) => candidate.id !== node.id && candidate.connected) ?? null;

/** A port published on a host: by a service through the routing mesh, or by a container or task (-p). */
export async function loadPublishedFacts(
  db: Db,
  input: { node: string; port: number; protocol: Protocol },
  connected: IsConnected,
  ports: MeshPorts,
): Promise<PublishedFacts> {
  const nodes = await loadNodes(db, connected);
  const node = findNode(nodes, input.node, 'node');
  const document = await compiledBodyFor(db, node.id, ports);
  const published = [
    ...(document.ingress?.published ?? []).map((port) => `${port.publishedPort}/${port.protocol}`),
    ...document.sandboxes.flatMap((sandbox) =>
      sandbox.ports.map((port) => `${port.hostPort}/${port.protocol}`),
    ),
  ];
  const base = {
    node,
    port: input.port,
    protocol: input.protocol,
    outside: outsideOf(nodes, node),
    published,
  };
  const mesh = document.ingress?.published.find(
    (port) => port.publishedPort === input.port && port.protocol === input.protocol,
  );
  if (mesh !== undefined && document.ingress !== null) {
    const row = await db.service.findUnique({ where: { id: mesh.serviceId }, select: { name: true } });
    const service = row === null ? null : await loadService(db, row.name, connected);
    const ingressId = document.ingress.networkId;
    const { endpoint } = document.ingress;
    const owner: PortOwner = {
      kind: 'ingress',
      service: row?.name ?? mesh.serviceId,
      targetPort: mesh.targetPort,
      backends: mesh.backends,
      tasks: (service?.tasks ?? []).map((sandbox) => ({
        sandbox,
        address: sandbox.endpoints.find((candidate) => candidate.networkId === ingressId)?.address ?? null,
      })),
      leg: {
        interfaceName: endpoint.interfaceName,
        address: `${endpoint.address}/${endpoint.prefixLength}`,
        network: await networkName(db, ingressId),
      },
    };
    return { ...base, owner };
  }
  for (const sandbox of document.sandboxes) {
    const port = sandbox.ports.find(
      (candidate) => candidate.hostPort === input.port && candidate.protocol === input.protocol,
    );
    if (port !== undefined) {
      const ref = await loadSandbox(db, sandbox.id, 'port', connected);
      const networkId = sandbox.endpoints.find(
        (endpoint) => endpoint.address === port.targetAddress,
      )?.networkId;
      const bridge =
        document.networks.find((network) => network.id === networkId)?.bridge?.interfaceName ?? null;
      return { ...base, owner: { kind: 'sandbox', sandbox: ref, port, bridge } };
    }
  }
  return { ...base, owner: null };
}

/** The route a hostname takes: its own, else the wildcard route it falls under. */
export function matchRoute(routes: readonly RouteView[], hostname: string): RouteView | null {
  const exact = routes.find((route) => route.hostname === hostname);
  if (exact !== undefined) return exact;
  const wildcards = routes
    .filter((route) => route.hostname.startsWith('*.') && hostname.endsWith(route.hostname.slice(1)))
    .sort((a, b) => b.hostname.length - a.hostname.length);
  return wildcards[0] ?? null;
}

/** A hostname of the routing mesh on one host's proxy: the one asked, else a connected host where it is ready. */
export async function loadRouteFacts(
  db: Db,
  input: { hostname: string; path: string; node?: string | undefined },
  routes: readonly RouteView[],
  connected: IsConnected,
  ports: MeshPorts,
): Promise<RouteFacts> {
  const nodes = await loadNodes(db, connected);
  const route = matchRoute(routes, input.hostname);
  const readyOn = (node: NodeRef) =>
    route?.hosts.some((host) => host.nodeId === node.id && host.state === 'ready') ?? false;
  const node =
    input.node === undefined
      ? (nodes.find((candidate) => candidate.connected && readyOn(candidate)) ??
        nodes.find((candidate) => candidate.connected) ??
        nodes[0])
      : findNode(nodes, input.node, 'node');
  if (node === undefined) throw new ServiceError('UNAVAILABLE', 'no node has joined the cluster', 'node');
  const document = await compiledBodyFor(db, node.id, ports);
  const mesh = document.hrm;
  const service = route === null ? null : await loadService(db, route.serviceName, connected);
  return {
    hostname: input.hostname,
    path: input.path,
    node,
    outside: outsideOf(nodes, node),
    route,
    mesh,
    legs: await Promise.all(
      (mesh?.links ?? []).map(async (link) => ({
        interfaceName: link.interfaceName,
        address: `${link.address}/${link.prefixLength}`,
        network: await networkName(db, link.networkId),
      })),
    ),
    desired: route === null ? undefined : mesh?.routes.find((candidate) => candidate.routeId === route.id),
    tasks: service?.tasks ?? [],
  };
}
