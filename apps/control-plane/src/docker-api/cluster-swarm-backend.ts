import { createHash } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { SwarmBackend } from './swarm-backend.js';
import type { NodeRegistry } from '../nodes/node-registry.js';
import type { ServiceService } from '../services/api.js';

/**
 * The Docker Engine API's Swarm view of this control plane: its services, and the agents as worker
 * nodes. The cluster id derives from the first user (the bootstrap admin), so it survives restarts.
 */
export async function swarmBackend(
  db: Db,
  registry: NodeRegistry,
  services: ServiceService,
): Promise<SwarmBackend> {
  const first = await db.user.findFirst({ orderBy: { createdAt: 'asc' } });
  const seed = first === null ? 'switchyard' : `${first.id}`;
  return {
    services,
    nodes: {
      list: () => registry.list(),
      update: (idOrName, change, version, actor) => registry.update(idOrName, change, version, actor),
    },
    cluster: {
      id: createHash('sha256').update(seed).digest('hex').slice(0, 25),
      createdAt: (first?.createdAt ?? new Date(0)).toISOString(),
    },
  };
}
