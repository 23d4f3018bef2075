import { conditionSchema, type NetworkView } from '@switchyard/contracts';
import { driverFor } from '../drivers/registry.js';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { readJsonColumn } from '../db/json-column.js';
import { readAliases, readNetwork } from '../inventory/rows.js';

const conditionsColumn = z.array(conditionSchema);

interface NodeRow {
  id: string;
  name: string;
  status: string;
  conditions: string;
  underlayAddress: string;
}

/** Whether each node that must realise the network has it, from the agent's `network/<id>` condition. */
function realisation(networkId: string, driver: string, nodes: NodeRow[]): NetworkView['realisation'] {
  return nodes.map((node) => {
    if (node.status !== 'ready') {
      return { nodeId: node.id, nodeName: node.name, ready: false, message: `node ${node.name} is down` };
    }
    // host and null need nothing built, so a ready node has them.
    if (driverFor(driver)?.buildsOnNodes !== true)
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

/** Networks as the dashboard and the Engine API show them, with where each is realised. */
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
