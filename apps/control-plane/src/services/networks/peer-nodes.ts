import type { Tx } from '../../db/client.js';

/**
 * Nodes with an endpoint on any of the networks: a swarm network's change (an endpoint coming or
 * going) must reach every one of them, since each lists the others' endpoints as peers.
 */
export async function nodesOnNetworks(tx: Tx, networkIds: string[]): Promise<string[]> {
  const rows = await tx.endpoint.findMany({
    where: { networkId: { in: networkIds }, network: { scope: 'swarm' } },
    select: { sandbox: { select: { nodeId: true } } },
  });
  return [...new Set(rows.map((row) => row.sandbox.nodeId))];
}
