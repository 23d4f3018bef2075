import type { Ipv4 } from '@switchyard/contracts';
import type { Tx } from '../../db/client.js';
import { allocateAddress, macFor } from '../../ipam/allocator.js';
import { newDockerId } from '../../inventory/ids.js';
import type { Network } from '../../inventory/rows.js';
import { ServiceError } from '../service-error.js';

export interface JoinRequest {
  aliases: string[];
  ipv4Address?: Ipv4 | undefined;
}

/** Refuses what Docker refuses on the default bridge: aliases and fixed addresses. */
export function checkJoin(network: Network, request: JoinRequest, field: string): void {
  if (!network.predefined || network.driver !== 'bridge') return;
  if (request.aliases.length > 0) {
    throw new ServiceError(
      'BAD_REQUEST',
      'network-scoped alias is supported only for containers in user defined networks',
      `${field}.aliases`,
    );
  }
  if (request.ipv4Address !== undefined) {
    throw new ServiceError(
      'BAD_REQUEST',
      'user specified IP address is supported on user defined networks only',
      `${field}.ipv4Address`,
    );
  }
}

/**
 * Joins a sandbox to a network inside the caller's transaction: the next free ethN and an address
 * from the network's pools (host and none get neither). The unique (network, address) key is the
 * backstop should two allocations ever race.
 */
export async function attachEndpoint(
  tx: Tx,
  sandboxId: string,
  network: Network,
  request: JoinRequest,
  field: string,
): Promise<void> {
  const data = {
    id: newDockerId(),
    networkId: network.id,
    sandboxId,
    aliases: JSON.stringify(request.aliases),
  };
  if (network.driver !== 'bridge') {
    await tx.endpoint.create({ data });
    return;
  }
  const [mine, onNetwork] = await Promise.all([
    tx.endpoint.findMany({ where: { sandboxId }, select: { interfaceName: true } }),
    tx.endpoint.findMany({ where: { networkId: network.id }, select: { address: true } }),
  ]);
  const used = new Set(mine.map((endpoint) => endpoint.interfaceName));
  let index = 0;
  while (used.has(`eth${index}`)) index += 1;
  const taken = new Set(
    onNetwork.flatMap((endpoint) => (endpoint.address === null ? [] : [endpoint.address])),
  );
  const allocation = allocateAddress(network, taken, request.ipv4Address, `${field}.ipv4Address`);
  await tx.endpoint.create({
    data: {
      ...data,
      interfaceName: `eth${index}`,
      address: allocation.address,
      prefixLength: allocation.prefixLength,
      mac: macFor(allocation.address),
    },
  });
}
