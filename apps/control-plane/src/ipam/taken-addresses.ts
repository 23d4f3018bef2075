import type { Tx } from '../db/client.js';

/**
 * Every address held on a network: endpoints, service VIPs and the nodes' ingress endpoints. All
 * three come from the same pools, so each allocation must see the other two.
 */
export async function takenAddresses(tx: Tx, networkId: string): Promise<Set<string>> {
  const [endpoints, vips, mesh] = await Promise.all([
    tx.endpoint.findMany({ where: { networkId }, select: { address: true } }),
    tx.virtualIp.findMany({ where: { networkId }, select: { address: true } }),
    tx.ingressEndpoint.findMany({ where: { networkId }, select: { address: true } }),
  ]);
  return new Set([
    ...endpoints.flatMap((endpoint) => (endpoint.address === null ? [] : [endpoint.address])),
    ...vips.map((vip) => vip.address),
    ...mesh.map((endpoint) => endpoint.address),
  ]);
}
