import {
  cidrContains,
  containerStatusSchema,
  conditionSchema,
  type ContainerView,
  type Ipv4,
  type NetworkView,
} from '@switchyard/contracts';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { readJsonColumn } from '../db/json-column.js';
import { isGwBridge } from '../networks/gwbridge.js';
import { interfaceIndex, readAliases, readNetwork, readSpec } from './rows.js';

const conditionsColumn = z.array(conditionSchema);

interface NodeRow {
  id: string;
  name: string;
  status: string;
  conditions: string;
  underlayAddress: string;
}

/** Drivers the agent builds something for, and so reports a `network/<id>` condition about. */
const builtDrivers = new Set(['bridge', 'overlay', 'macvlan']);

/** Whether each node that must realise the network has it, from the agent's `network/<id>` condition. */
function realisation(networkId: string, driver: string, nodes: NodeRow[]): NetworkView['realisation'] {
  return nodes.map((node) => {
    if (node.status !== 'ready') {
      return { nodeId: node.id, nodeName: node.name, ready: false, message: `node ${node.name} is down` };
    }
    // host and null need nothing built, so a ready node has them.
    if (!builtDrivers.has(driver))
      return { nodeId: node.id, nodeName: node.name, ready: true, message: null };
    const condition = readJsonColumn(conditionsColumn, node.conditions).find(
      (candidate) => candidate.object === `network/${networkId}`,
    );
    return {
      nodeId: node.id,
      nodeName: node.name,
      ready: condition?.ready ?? false,
      message: condition === undefined ? 'not yet reported by the agent' : (condition.message ?? null),
    };
  });
}

export async function networkViews(tx: Tx, where: { id?: string } = {}): Promise<NetworkView[]> {
  const [rows, nodes] = await Promise.all([
    tx.network.findMany({
      where,
      orderBy: [{ predefined: 'desc' }, { name: 'asc' }],
      include: {
        node: { select: { name: true } },
        endpoints: {
          orderBy: { createdAt: 'asc' },
          include: { sandbox: { select: { name: true, nodeId: true, node: { select: { name: true } } } } },
        },
        meshEndpoints: { select: { nodeId: true } },
        ingressEndpoints: { select: { nodeId: true } },
      },
    }),
    tx.node.findMany({ orderBy: { name: 'asc' } }),
  ]);
  return rows.map((row) => {
    const network = readNetwork(row);
    // Where it must exist: everywhere (predefined), its node (local), the nodes of its endpoints, of
    // its HTTP mesh proxy legs and of its routing mesh legs (swarm), nowhere (config-only).
    const onNodes = new Set([
      ...row.endpoints.map((endpoint) => endpoint.sandbox.nodeId),
      ...row.meshEndpoints.map((leg) => leg.nodeId),
      ...row.ingressEndpoints.map((leg) => leg.nodeId),
    ]);
    const homes = network.configOnly
      ? []
      : network.scope === 'swarm'
        ? nodes.filter((node) => onNodes.has(node.id))
        : network.nodeId === null
          ? nodes
          : nodes.filter((node) => node.id === network.nodeId);
    return {
      id: network.id,
      name: network.name,
      driver: network.driver,
      scope: network.scope,
      nodeId: network.nodeId,
      nodeName: row.node?.name ?? null,
      ipam: network.ipam,
      internal: network.internal,
      attachable: network.attachable,
      ingress: network.ingress,
      predefined: network.predefined,
      options: network.options,
      labels: network.labels,
      vni: network.vni,
      configOnly: network.configOnly,
      configFrom: network.configFrom,
      peers:
        network.scope === 'swarm'
          ? homes.map((node) => ({ nodeId: node.id, nodeName: node.name, address: node.underlayAddress }))
          : [],
      createdAt: network.createdAt.toISOString(),
      containers: row.endpoints.map((endpoint) => ({
        containerId: endpoint.sandboxId,
        containerName: endpoint.sandbox.name,
        endpointId: endpoint.id,
        nodeName: endpoint.sandbox.node.name,
        mac: endpoint.mac ?? '',
        ipv4Address: endpoint.address === null ? '' : `${endpoint.address}/${endpoint.prefixLength}`,
        aliases: readAliases(endpoint.aliases),
      })),
      realisation: realisation(network.id, network.driver, homes),
    };
  });
}

export async function containerViews(
  tx: Tx,
  where: { id?: string; desiredRunning?: boolean } = {},
): Promise<ContainerView[]> {
  const rows = await tx.sandbox.findMany({
    where,
    orderBy: { createdAt: 'desc' },
    include: {
      node: { select: { name: true } },
      endpoints: { include: { network: true } },
      publishedPorts: { orderBy: [{ containerPort: 'asc' }, { protocol: 'asc' }] },
    },
  });
  return rows.map((row) => {
    const spec = readSpec(row.spec);
    // The docker_gwbridge endpoint is plumbing, not one of the container's networks (as in Docker).
    const endpoints = [...row.endpoints]
      .filter((endpoint) => !isGwBridge(endpoint.network))
      .sort((a, b) => interfaceIndex(a.interfaceName) - interfaceIndex(b.interfaceName));
    return {
      id: row.id,
      name: row.name,
      image: spec.image,
      command: spec.command,
      env: spec.env,
      labels: spec.labels,
      hostname: row.hostname,
      createdAt: row.createdAt.toISOString(),
      nodeId: row.nodeId,
      nodeName: row.node.name,
      netns: row.networkMode === 'host' ? null : `${row.node.name}-sb-${row.id.slice(0, 12)}`,
      networkMode: row.networkMode,
      desiredRunning: row.desiredRunning,
      status: containerStatusSchema.parse(row.status),
      pid: row.pid,
      exitCode: row.exitCode,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      restartCount: row.restartCount,
      restartPolicy: spec.restartPolicy,
      error: row.error,
      ports: row.publishedPorts.map((port) => ({
        hostIp: port.hostIp,
        hostPort: port.hostPort,
        containerPort: port.containerPort,
        protocol: port.protocol === 'udp' ? 'udp' : 'tcp',
      })),
      exposedPorts: spec.expose,
      dns: spec.dns,
      dnsSearch: spec.dnsSearch,
      networks: endpoints.map((endpoint) => {
        const address = endpoint.address as Ipv4 | null;
        const pools = readNetwork(endpoint.network).ipam;
        return {
          networkId: endpoint.networkId,
          networkName: endpoint.network.name,
          endpointId: endpoint.id,
          aliases: readAliases(endpoint.aliases),
          ipv4Address: address,
          prefixLength: endpoint.prefixLength,
          gateway:
            address === null
              ? null
              : (pools.find((pool) => cidrContains(pool.subnet, address))?.gateway ?? null),
          mac: endpoint.mac,
        };
      }),
    };
  });
}
