import { cidrSchema, type Cidr } from '@switchyard/contracts';
import type { Tx } from '../db/client.js';
import { readHostNetworks, readNetwork } from '../inventory/rows.js';

/** Subnets of every network but config-only ones, which are never realised (their twin is). */
export async function allSubnets(tx: Tx): Promise<Cidr[]> {
  const rows = await tx.network.findMany({ where: { configOnly: false } });
  return rows.flatMap((row) => readNetwork(row).ipam.map((pool) => pool.subnet));
}

/** What an overlay must avoid on every node: its own networks and routes, and its underlay address. */
export function underlayNetworks(nodes: { hostNetworks: string; underlayAddress: string }[]): Cidr[] {
  return nodes.flatMap((node) => {
    const own = cidrSchema.safeParse(`${node.underlayAddress}/32`);
    return [...readHostNetworks(node.hostNetworks), ...(own.success ? [own.data] : [])];
  });
}
