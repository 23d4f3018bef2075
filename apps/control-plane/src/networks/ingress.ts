import type { NetworkCreateRequest } from '@switchyard/contracts';
import { ServiceError } from '../errors.js';
import type { Db, Tx } from '../db/client.js';
import { allocateAddress, macFor } from '../ipam/allocator.js';
import { takenAddresses } from '../ipam/taken-addresses.js';
import { newDockerId } from '../inventory/ids.js';
import { readNetwork } from '../inventory/rows.js';
import { systemOverlaySettings } from './system-overlay.js';

/** Docker gives its ingress network VXLAN id 4096; another network holding it pushes us to the allocator. */
const ingressVni = 4096;

/**
 * The routing mesh's overlay, as Docker creates it at swarm init: `ingress`, 10.0.0.0/24 or the
 * next free /24 of the overlay pool. Made once, when no ingress network exists and the name is free.
 */
export async function ensureIngressNetwork(db: Db): Promise<void> {
  await db.$transaction(async (tx) => {
    const existing = await tx.network.findFirst({ where: { OR: [{ ingress: true }, { name: 'ingress' }] } });
    if (existing !== null) return;
    const { vni, ipam } = await systemOverlaySettings(tx, ingressVni);
    await tx.network.create({
      data: {
        id: newDockerId(),
        name: 'ingress',
        driver: 'overlay',
        scope: 'swarm',
        ipam: JSON.stringify(ipam),
        labels: JSON.stringify({ 'com.docker.swarm.internal': 'true' }),
        ingress: true,
        vni,
      },
    });
  });
}

/**
 * Gives every ready node an address on the ingress network for its routing mesh, from the same
 * pools as task endpoints and VIPs. Returns whether any node got a new one.
 */
export async function ensureIngressEndpoints(tx: Tx, readyNodeIds: string[]): Promise<boolean> {
  const row = await tx.network.findFirst({ where: { ingress: true } });
  if (row === null) return false;
  const network = readNetwork(row);
  const have = new Set(
    (await tx.ingressEndpoint.findMany({ where: { networkId: network.id }, select: { nodeId: true } })).map(
      (endpoint) => endpoint.nodeId,
    ),
  );
  const missing = readyNodeIds.filter((nodeId) => !have.has(nodeId));
  for (const nodeId of missing) {
    const allocation = allocateAddress(network, await takenAddresses(tx, network.id), undefined, 'ingress');
    // A node that had an endpoint on a removed ingress network keeps one row: replace it.
    await tx.ingressEndpoint.deleteMany({ where: { nodeId } });
    await tx.ingressEndpoint.create({
      data: {
        nodeId,
        networkId: network.id,
        address: allocation.address,
        prefixLength: allocation.prefixLength,
        mac: macFor(allocation.address),
      },
    });
  }
  return missing.length > 0;
}

/** `--ingress`: an overlay, and only while no other ingress network exists (as in Docker). */
export async function checkIngress(tx: Tx, request: NetworkCreateRequest): Promise<void> {
  if (request.driver !== 'overlay') {
    throw new ServiceError('BAD_REQUEST', 'an ingress network must use the overlay driver', 'driver');
  }
  const existing = await tx.network.findFirst({ where: { ingress: true } });
  if (existing !== null) {
    throw new ServiceError(
      'CONFLICT',
      `only one ingress network can be present: remove ${existing.name} (and the services publishing through it) first`,
      'ingress',
    );
  }
}
