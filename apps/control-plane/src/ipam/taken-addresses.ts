import type { Tx } from '../db/client.js';

/**
 * Every address held on a network, with what holds it: endpoints, service VIPs and the nodes' ingress
 * and mesh endpoints. All come from the same pools, so each allocation must see the others; a fixed
 * address refused names its holder.
 */
export async function takenAddresses(tx: Tx, networkId: string): Promise<Map<string, string>> {
  const [endpoints, vips, ingress, mesh] = await Promise.all([
    tx.endpoint.findMany({
      where: { networkId },
      select: { address: true, sandbox: { select: { name: true, task: { select: { id: true } } } } },
    }),
    tx.virtualIp.findMany({
      where: { networkId },
      select: { address: true, service: { select: { name: true } } },
    }),
    tx.ingressEndpoint.findMany({
      where: { networkId },
      select: { address: true, node: { select: { name: true } } },
    }),
    tx.meshEndpoint.findMany({
      where: { networkId },
      select: { address: true, node: { select: { name: true } } },
    }),
  ]);
  return new Map([
    ...endpoints.flatMap(({ address, sandbox }): [string, string][] =>
      address === null
        ? []
        : [[address, `held by ${sandbox.task === null ? 'container' : 'task'} ${sandbox.name}`]],
    ),
    ...vips.map(({ address, service }): [string, string] => [address, `the VIP of service ${service.name}`]),
    ...ingress.map(({ address, node }): [string, string] => [
      address,
      `the ingress endpoint of ${node.name}`,
    ]),
    ...mesh.map(({ address, node }): [string, string] => [
      address,
      `the routing mesh's endpoint on ${node.name}`,
    ]),
  ]);
}
