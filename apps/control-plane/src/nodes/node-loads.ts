import { capabilitySchema } from '@switchyard/contracts';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { readJsonColumn } from '../db/json-column.js';
import type { NodeLoad } from '../placement/placement.js';
import { readObservedImages } from '../images/image-rows.js';

const capabilitiesColumn = z.array(z.string());

/** Every node with its load, for placement, and its underlay for IPAM. */
export async function nodeLoads(
  tx: Tx,
): Promise<(NodeLoad & { hostNetworks: string; underlayAddress: string })[]> {
  const nodes = await tx.node.findMany({
    select: {
      id: true,
      name: true,
      status: true,
      hostNetworks: true,
      underlayAddress: true,
      capabilities: true,
      images: true,
      _count: { select: { sandboxes: true } },
    },
  });
  return nodes.map((node) => ({
    id: node.id,
    name: node.name,
    ready: node.status === 'ready',
    sandboxes: node._count.sandboxes,
    hostNetworks: node.hostNetworks,
    underlayAddress: node.underlayAddress,
    images: readObservedImages(node.images),
    // A capability this control plane does not know yet is simply not required by anything.
    capabilities: readJsonColumn(capabilitiesColumn, node.capabilities).flatMap((name) => {
      const known = capabilitySchema.safeParse(name);
      return known.success ? [known.data] : [];
    }),
  }));
}

export type NodeLoads = Awaited<ReturnType<typeof nodeLoads>>;
