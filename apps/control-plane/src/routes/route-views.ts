import { capabilitySchema, conditionSchema, type RouteView } from '@switchyard/contracts';
import { z } from 'zod';
import { loadRouteFacts } from '../compiler/load-routes.js';
import type { Db, Tx } from '../db/client.js';
import { readJsonColumn } from '../db/json-column.js';
import { networkRequirements } from '../drivers/registry.js';
import { unmet } from '../placement/requirements.js';
import { servesTraffic } from '../scheduler/task-state.js';
import { meshNetworks } from '../compiler/mesh-networks.js';
import type { RouteCounterStore } from './route-counters.js';
import { hostState, notRoutableReason, type HostFacts } from './route-status.js';

const conditionsColumn = z.array(conditionSchema);
const capabilitiesColumn = z.array(z.string());

async function hostFacts(tx: Tx | Db): Promise<HostFacts[]> {
  const nodes = await tx.node.findMany({
    orderBy: { name: 'asc' },
    include: { _count: { select: { meshEndpoints: true } } },
  });
  return nodes.map((node) => ({
    id: node.id,
    name: node.name,
    ready: node.status === 'ready',
    conditions: readJsonColumn(conditionsColumn, node.conditions),
    desiredRevision: node.desiredRevision,
    observedRevision: node.observedRevision,
    capabilities: readJsonColumn(capabilitiesColumn, node.capabilities).flatMap((name) => {
      const known = capabilitySchema.safeParse(name);
      return known.success ? [known.data] : [];
    }),
    meshed: node._count.meshEndpoints > 0,
  }));
}

/** Routes as the dashboard, tRPC and the events show them, by hostname. */
export async function routeViews(
  tx: Tx | Db,
  counters: RouteCounterStore,
  where: { id?: string } = {},
): Promise<RouteView[]> {
  const [facts, rows, mesh, hosts] = await Promise.all([
    loadRouteFacts(tx, where),
    tx.route.findMany({ where, select: { id: true, serviceId: true, source: true, createdAt: true } }),
    meshNetworks(tx),
    hostFacts(tx),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  // A ready node without a leg either is about to get one or lacks what the mesh overlay needs.
  const cannotJoin = (node: HostFacts) => {
    const network = mesh[0];
    return network === undefined
      ? null
      : (unmet(node.capabilities, networkRequirements(network))?.reason(node.name) ?? null);
  };
  return facts.flatMap((route) => {
    const row = byId.get(route.id);
    if (row === undefined) return [];
    const routable = route.meshNetworkIds.length > 0;
    const reachable = (task: (typeof route.tasks)[number]) =>
      task.addresses.some((address) => route.meshNetworkIds.includes(address.networkId));
    return [
      {
        id: route.id,
        hostname: route.hostname,
        protocol: route.protocol,
        serviceId: row.serviceId,
        serviceName: route.serviceName,
        internalPort: route.internalPort,
        stickyCookie: route.stickyCookie,
        redirect: route.redirect,
        isDefault: route.isDefault,
        source: row.source === 'label' ? 'label' : 'api',
        routable,
        reason: routable
          ? null
          : notRoutableReason(
              route.serviceName,
              mesh.map((network) => network.name),
            ),
        backends: route.tasks.filter((task) => servesTraffic(task) && reachable(task)).length,
        hosts: hosts.map((node) => hostState(node, routable, cannotJoin)),
        counters: counters.total(route.id),
        createdAt: row.createdAt.toISOString(),
      },
    ];
  });
}
