import { defaultMeshNetworkName, meshNetworkLabel, type Capability } from '@switchyard/contracts';
import { meshNetworks } from '../compiler/mesh-networks.js';
import type { Db, Tx } from '../db/client.js';
import { allocateAddress, macFor } from '../ipam/allocator.js';
import { takenAddresses } from '../ipam/taken-addresses.js';
import { newDockerId } from '../inventory/ids.js';
import type { Network } from '../inventory/rows.js';
import { networkRequirements } from '../drivers/registry.js';
import { unmet } from '../placement/requirements.js';
import { ServiceError } from '../errors.js';
import { systemOverlaySettings } from './system-overlay.js';

/**
 * The mesh's default overlay, as UCP makes it: `hrm`, attachable, labelled as a mesh network. Made
 * at start whenever no network holds the name, so removing it is undone by the next start.
 */
export async function ensureMeshNetwork(db: Db): Promise<void> {
  await db.$transaction(async (tx) => {
    if ((await tx.network.findUnique({ where: { name: defaultMeshNetworkName } })) !== null) return;
    const { vni, ipam } = await systemOverlaySettings(tx);
    await tx.network.create({
      data: {
        id: newDockerId(),
        name: defaultMeshNetworkName,
        driver: 'overlay',
        scope: 'swarm',
        attachable: true,
        ipam: JSON.stringify(ipam),
        labels: JSON.stringify({ [meshNetworkLabel]: 'true' }),
        vni,
      },
    });
  });
}

/**
 * Gives every ready node that can realise them an address on every mesh network, from the same
 * pools as task endpoints and VIPs: its proxy's leg into the overlay. Returns the networks that got
 * a new one (each is a new peer for every node on them).
 */
export async function ensureMeshEndpoints(
  tx: Tx,
  readyNodes: { id: string; capabilities: Capability[] }[],
): Promise<string[]> {
  const changed: string[] = [];
  for (const network of await meshNetworks(tx)) {
    const rows = await tx.meshEndpoint.findMany({
      where: { networkId: network.id },
      select: { nodeId: true },
    });
    const have = new Set(rows.map((row) => row.nodeId));
    // A node without VXLAN cannot build the overlay: it gets no leg rather than a broken one.
    const requirements = networkRequirements(network);
    const missing = readyNodes.filter(
      (node) => !have.has(node.id) && unmet(node.capabilities, requirements) === undefined,
    );
    let added = false;
    for (const node of missing) {
      const allocation = await nextAddress(tx, network);
      // A full network leaves the rest of its nodes without a leg (their routes show them
      // joining) rather than failing the whole reconcile pass.
      if (allocation === null) break;
      await tx.meshEndpoint.create({
        data: {
          networkId: network.id,
          nodeId: node.id,
          address: allocation.address,
          prefixLength: allocation.prefixLength,
          mac: macFor(allocation.address),
        },
      });
      added = true;
    }
    if (added) changed.push(network.id);
  }
  return changed;
}

async function nextAddress(tx: Tx, network: Network) {
  try {
    return allocateAddress(network, await takenAddresses(tx, network.id), undefined, 'mesh');
  } catch (error) {
    if (error instanceof ServiceError) return null;
    throw error;
  }
}
