import type { Tx } from '../db/client.js';
import { allocateAddress } from '../ipam/allocator.js';
import { takenAddresses } from '../ipam/taken-addresses.js';
import type { Network } from '../inventory/rows.js';

/**
 * Makes the service hold exactly one VIP on each of `networks` (none in dnsrr mode): frees the
 * VIPs of networks it left and allocates the missing ones from the network's pools, clear of every
 * endpoint and other VIP, inside the caller's transaction.
 */
export async function syncVirtualIps(tx: Tx, serviceId: string, networks: Network[]): Promise<void> {
  const wanted = new Set(networks.map((network) => network.id));
  await tx.virtualIp.deleteMany({ where: { serviceId, networkId: { notIn: [...wanted] } } });
  const held = new Set(
    (await tx.virtualIp.findMany({ where: { serviceId }, select: { networkId: true } })).map(
      (vip) => vip.networkId,
    ),
  );
  for (const network of networks) {
    if (held.has(network.id)) continue;
    const allocation = allocateAddress(network, await takenAddresses(tx, network.id), undefined, 'networks');
    await tx.virtualIp.create({
      data: {
        serviceId,
        networkId: network.id,
        address: allocation.address,
        prefixLength: allocation.prefixLength,
      },
    });
  }
}
