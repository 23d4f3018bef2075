import type { Cidr, IpamPool, Ipv4 } from '@switchyard/contracts';
import type { Db } from '../db/client.js';
import { newDockerId } from '../inventory/ids.js';

/** Docker's default bridge: on every node, addresses unique across the cluster. */
export const defaultBridgePool: IpamPool = {
  subnet: '172.17.0.0/16' as Cidr,
  gateway: '172.17.0.1' as Ipv4,
  auxAddresses: {},
};

const predefined = [
  { name: 'bridge', driver: 'bridge', ipam: [defaultBridgePool] },
  { name: 'host', driver: 'host', ipam: [] },
  { name: 'none', driver: 'null', ipam: [] },
];

/** Creates `bridge`, `host` and `none` when missing; they are never removed. */
export async function ensurePredefinedNetworks(db: Db): Promise<void> {
  for (const network of predefined) {
    const existing = await db.network.findUnique({ where: { name: network.name } });
    if (existing !== null) continue;
    await db.network.create({
      data: {
        id: newDockerId(),
        name: network.name,
        driver: network.driver,
        scope: 'local',
        predefined: true,
        ipam: JSON.stringify(network.ipam),
      },
    });
  }
}
