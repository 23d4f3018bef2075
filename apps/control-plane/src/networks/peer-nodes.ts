import type { Tx } from '../db/client.js';

/**
 * Nodes with an endpoint on any of the networks, their mesh proxies' legs included: a swarm
 * network's change (an endpoint coming or going) must reach every one of them, since each lists
 * the others' endpoints as peers.
 */
export async function nodesOnNetworks(tx: Tx, networkIds: string[]): Promise<string[]> {
  if (networkIds.length === 0) return [];
  const [rows, legs] = await Promise.all([
    tx.endpoint.findMany({
      where: { networkId: { in: networkIds }, network: { scope: 'swarm' } },
      select: { sandbox: { select: { nodeId: true } } },
    }),
    tx.meshEndpoint.findMany({ where: { networkId: { in: networkIds } }, select: { nodeId: true } }),
  ]);
  return [...new Set([...rows.map((row) => row.sandbox.nodeId), ...legs.map((leg) => leg.nodeId)])];
}
