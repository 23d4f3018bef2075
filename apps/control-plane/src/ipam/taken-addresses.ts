import type { Tx } from '../db/client.js';

/**
 * Every address held on a network: endpoints, service VIPs and the nodes' ingress and mesh
 * endpoints. All come from the same pools, so each allocation must see the others.
 */
export async function takenAddresses(tx: Tx, networkId: string): Promise<Set<string>> {
  const [endpoints, vips, ingress, mesh] = await Promise.all([
    tx.endpoint.findMany({ where: { networkId }, select: { address: true } }),
    tx.virtualIp.findMany({ where: { networkId }, select: { address: true } }),
    tx.ingressEndpoint.findMany({ where: { networkId }, select: { address: true } }),
    tx.meshEndpoint.findMany({ where: { networkId }, select: { address: true } }),
  ]);
  return new Set([
    ...endpoints.flatMap((endpoint) => (endpoint.address === null ? [] : [endpoint.address])),
    ...vips.map((vip) => vip.address),
    ...ingress.map((endpoint) => endpoint.address),
    ...mesh.map((endpoint) => endpoint.address),
  ]);
}
