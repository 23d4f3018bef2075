import { cidrSchema, type Cidr } from '@switchyard/contracts';
import type { Tx } from '../db/client.js';
import type { TakenSubnet } from '../ipam/allocator.js';
import { readHostNetworks, readNetwork, type NetworkRow } from '../inventory/rows.js';

/** Subnets of every network but config-only ones, which are never realised (their twin is). */
export async function allSubnets(tx: Tx): Promise<TakenSubnet[]> {
  const rows = await tx.network.findMany({ where: { configOnly: false } });
  return rows.flatMap(subnetsOf);
}

/** A network row's subnets, each with the network's name. */
export function subnetsOf(row: NetworkRow): TakenSubnet[] {
  const network = readNetwork(row);
  return network.ipam.map((pool) => ({ subnet: pool.subnet, network: network.name }));
}

/** What an overlay must avoid on every node: its own networks and routes, and its underlay address. */
export function underlayNetworks(nodes: { hostNetworks: string; underlayAddress: string }[]): Cidr[] {
  return nodes.flatMap((node) => {
    const own = cidrSchema.safeParse(`${node.underlayAddress}/32`);
    return [...readHostNetworks(node.hostNetworks), ...(own.success ? [own.data] : [])];
  });
}
