import { routeProtocolSchema } from '@switchyard/contracts';
import type { Db, Tx } from '../db/client.js';
import { meshNetworks } from './mesh-networks.js';
import { readServiceSpec } from '../services/spec-row.js';
import { liveTasks, taskFacts } from './load-services.js';
import type { RouteFacts } from './mesh.js';

/** Every route with its service's mesh networks and live tasks, by hostname. */
export async function loadRouteFacts(tx: Tx | Db, where: { id?: string } = {}): Promise<RouteFacts[]> {
  const mesh = new Set((await meshNetworks(tx)).map((network) => network.id));
  const rows = await tx.route.findMany({
    where,
    include: { service: { select: { name: true, spec: true, tasks: liveTasks } } },
    orderBy: { hostname: 'asc' },
  });
  return rows.map((row) => ({
    id: row.id,
    hostname: row.hostname,
    protocol: routeProtocolSchema.parse(row.protocol),
    serviceName: row.service.name,
    internalPort: row.internalPort,
    stickyCookie: row.stickyCookie,
    redirect: row.redirect,
    isDefault: row.isDefault,
    meshNetworkIds: readServiceSpec(row.service.spec)
      .networks.map((join) => join.network)
      .filter((networkId) => mesh.has(networkId)),
    tasks: taskFacts(row.service.tasks),
  }));
}
