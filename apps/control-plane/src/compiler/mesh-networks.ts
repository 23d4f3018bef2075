import { meshNetworkLabel } from '@switchyard/contracts';
import type { Db, Tx } from '../db/client.js';
import { readNetwork, type Network } from '../inventory/rows.js';

/** Overlays the HTTP routing mesh's proxy joins on every host: labelled com.docker.ucp.mesh.http (any value). */
export function isMeshNetwork(
  network: Pick<Network, 'driver' | 'configOnly' | 'ingress' | 'labels'>,
): boolean {
  return (
    network.driver === 'overlay' &&
    !network.configOnly &&
    !network.ingress &&
    Object.hasOwn(network.labels, meshNetworkLabel)
  );
}

/** Every mesh network, by name. */
export async function meshNetworks(tx: Tx | Db): Promise<Network[]> {
  const rows = await tx.network.findMany({
    where: { driver: 'overlay', configOnly: false, ingress: false },
    orderBy: { name: 'asc' },
  });
  return rows.map(readNetwork).filter(isMeshNetwork);
}

/** Nodes whose proxy joins the mesh: every one of them serves every routable route. */
export async function meshedNodes(tx: Tx | Db): Promise<string[]> {
  const rows = await tx.meshEndpoint.findMany({ distinct: ['nodeId'], select: { nodeId: true } });
  return rows.map((row) => row.nodeId);
}
