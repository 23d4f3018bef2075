import { bridgeOptions } from '@switchyard/contracts';
import type { Tx } from '../db/client.js';
import type { AddressPool } from '../ipam/address-pools.js';
import { settlePools } from '../ipam/allocator.js';
import { newDockerId } from '../inventory/ids.js';
import { readHostNetworks, readNetwork } from '../inventory/rows.js';
import { attachEndpoint } from './endpoints.js';
import { allSubnets } from './subnets.js';

/** Docker's egress bridge for overlay containers: one per node, under this name on the node. */
export const gwBridgeName = 'docker_gwbridge';

/** Only a node's docker_gwbridge is both predefined and bound to one node. */
export const isGwBridge = (network: { predefined: boolean; nodeId: string | null }): boolean =>
  network.predefined && network.nodeId !== null;

/** Network names are cluster-wide, so each node's gateway bridge carries the node, as UCP shows it. */
export const gwBridgeRowName = (nodeName: string): string => `${nodeName}/${gwBridgeName}`;

/** The node's docker_gwbridge, created with a free local subnet at its first need. */
async function ensureGwBridge(
  tx: Tx,
  node: { id: string; name: string; hostNetworks: string },
  pools: AddressPool[],
) {
  const existing = await tx.network.findFirst({ where: { nodeId: node.id, predefined: true } });
  if (existing !== null) return readNetwork(existing);
  const ipam = settlePools([], {
    taken: await allSubnets(tx),
    hostNetworks: readHostNetworks(node.hostNetworks),
    defaultPools: pools,
  });
  const row = await tx.network.create({
    data: {
      id: newDockerId(),
      name: gwBridgeRowName(node.name),
      driver: 'bridge',
      scope: 'local',
      nodeId: node.id,
      predefined: true,
      ipam: JSON.stringify(ipam),
      // Docker's settings for it: no traffic between containers through it, masqueraded egress.
      options: JSON.stringify({
        [bridgeOptions.name]: gwBridgeName,
        [bridgeOptions.enableIcc]: 'false',
        [bridgeOptions.enableIpMasquerade]: 'true',
      }),
    },
  });
  return readNetwork(row);
}

/**
 * A sandbox on a non-internal overlay gets an endpoint on its node's docker_gwbridge (its way out);
 * one that left its last such overlay loses it. Runs after every join and leave.
 */
export async function syncGwBridgeEndpoint(tx: Tx, sandboxId: string, pools: AddressPool[]): Promise<void> {
  const sandbox = await tx.sandbox.findUniqueOrThrow({
    where: { id: sandboxId },
    include: { node: true, endpoints: { include: { network: true } } },
  });
  const needed = sandbox.endpoints.some(
    (endpoint) => endpoint.network.driver === 'overlay' && !endpoint.network.internal,
  );
  const held = sandbox.endpoints.find((endpoint) => isGwBridge(endpoint.network));
  if (needed && held === undefined) {
    const bridge = await ensureGwBridge(tx, sandbox.node, pools);
    await attachEndpoint(tx, sandboxId, bridge, { aliases: [] }, 'networks');
  } else if (!needed && held !== undefined) {
    await tx.endpoint.delete({ where: { id: held.id } });
  }
}
