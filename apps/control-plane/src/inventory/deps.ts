import type { ControlPlaneConfig } from '../config.js';
import type { Db, Tx } from '../db/client.js';
import type { EventLog } from '../events/event-log.js';
import type { InventoryChange, LiveBus } from '../events/live-bus.js';
import type { AgentHub } from '../hub/agent-hub.js';
import type { Serializer } from '../ipam/serializer.js';
import { capabilitySchema } from '@switchyard/contracts';
import { z } from 'zod';
import { readJsonColumn } from '../db/json-column.js';
import type { NodeLoad } from '../placement/placement.js';

/** What the network and container services share. */
export interface InventoryDeps {
  db: Db;
  events: EventLog;
  bus: LiveBus;
  agentHub: AgentHub;
  /** One lock for every change that allocates or releases subnets, addresses or ports. */
  lock: Serializer;
  config: ControlPlaneConfig;
}

/** Pushes the affected nodes their new documents and tells live viewers what changed. */
export async function announce(
  deps: InventoryDeps,
  changes: InventoryChange[],
  nodeIds: (string | null)[],
): Promise<void> {
  await deps.agentHub.pushMany(nodeIds.filter((nodeId) => nodeId !== null));
  for (const change of changes) deps.bus.emit('inventory.changed', change);
}

const capabilitiesColumn = z.array(z.string());

/** Every node with its load, for placement, and its underlay for IPAM. */
export async function nodeLoads(
  tx: Tx,
): Promise<(NodeLoad & { hostNetworks: string; underlayAddress: string })[]> {
  const nodes = await tx.node.findMany({
    select: {
      id: true,
      name: true,
      status: true,
      hostNetworks: true,
      underlayAddress: true,
      capabilities: true,
      _count: { select: { sandboxes: true } },
    },
  });
  return nodes.map((node) => ({
    id: node.id,
    name: node.name,
    ready: node.status === 'ready',
    sandboxes: node._count.sandboxes,
    hostNetworks: node.hostNetworks,
    underlayAddress: node.underlayAddress,
    // A capability this control plane does not know yet is simply not required by anything.
    capabilities: readJsonColumn(capabilitiesColumn, node.capabilities).flatMap((name) => {
      const known = capabilitySchema.safeParse(name);
      return known.success ? [known.data] : [];
    }),
  }));
}
