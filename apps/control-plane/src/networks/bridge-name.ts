import type { Tx } from '../db/client.js';
import { readNetwork } from '../inventory/rows.js';
import { ServiceError } from '../errors.js';
import { resolveBridgeOptions } from '../drivers/bridge.js';

/** Bridge names must differ on one node (the default bridge, docker0, is on every node). */
export async function checkBridgeName(tx: Tx, nodeId: string, interfaceName: string): Promise<void> {
  const rows = await tx.network.findMany({
    where: { driver: 'bridge', OR: [{ nodeId }, { predefined: true }] },
  });
  const clash = rows
    .map(readNetwork)
    .find(
      (other) =>
        resolveBridgeOptions(other.options, other.id, other.predefined).interfaceName === interfaceName,
    );
  if (clash !== undefined) {
    throw new ServiceError(
      'CONFLICT',
      `bridge name ${interfaceName} is already used by network ${clash.name}`,
      'options.com.docker.network.bridge.name',
    );
  }
}
