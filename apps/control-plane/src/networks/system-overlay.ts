import type { IpamPool } from '@switchyard/contracts';
import type { Tx } from '../db/client.js';
import { overlayAddressPools } from '../ipam/address-pools.js';
import { settlePools } from '../ipam/allocator.js';
import { allocateVni } from '../ipam/vni.js';
import { nodeLoads } from '../nodes/node-loads.js';
import { allSubnets, underlayNetworks } from './subnets.js';

/**
 * A VNI and the next free /24 of the overlay pool for an overlay the control plane makes itself
 * (ingress, hrm). `preferredVni` is taken when free; another network holding it is left alone.
 */
export async function systemOverlaySettings(
  tx: Tx,
  preferredVni?: number,
): Promise<{ vni: number; ipam: IpamPool[] }> {
  const held = await tx.network.findMany({
    where: { vni: { not: null } },
    select: { vni: true, name: true },
  });
  const used = new Map(held.map((row) => [row.vni ?? 0, row.name]));
  const fixed = preferredVni !== undefined && !used.has(preferredVni) ? preferredVni : undefined;
  const vni = allocateVni(used, fixed, 'options');
  const ipam = settlePools([], {
    taken: await allSubnets(tx),
    hostNetworks: underlayNetworks(await nodeLoads(tx)),
    hostNetworksAvoidance: 'preferred',
    defaultPools: overlayAddressPools,
  });
  return { vni, ipam };
}
