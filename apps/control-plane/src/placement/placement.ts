import { nodeLabel } from '@switchyard/contracts';
import { ServiceError } from '../services/service-error.js';

export interface NodeLoad {
  id: string;
  name: string;
  ready: boolean;
  /** Sandboxes placed on it: the load that spreading evens out. */
  sandboxes: number;
}

/** A local network a container asks to join, with the node it lives on. */
export interface PlacedNetwork {
  name: string;
  nodeId: string;
}

const labelField = `labels.${nodeLabel}`;

/** The node named by the `com.switchyard.node` label, else the least loaded ready node. */
export function chooseNode(nodes: NodeLoad[], pinned: string | undefined, what: string): NodeLoad {
  if (pinned !== undefined) {
    const node = nodes.find((candidate) => candidate.name === pinned);
    if (node === undefined) {
      throw new ServiceError('BAD_REQUEST', `label ${nodeLabel}: no node named "${pinned}"`, labelField);
    }
    return node;
  }
  const ready = nodes
    .filter((node) => node.ready)
    .sort((a, b) => a.sandboxes - b.sandboxes || a.name.localeCompare(b.name));
  const chosen = ready[0];
  if (chosen === undefined) throw new ServiceError('UNAVAILABLE', `no ready node to place the ${what} on`);
  return chosen;
}

/**
 * A container runs where its local networks live; they must all live on one node, and a label
 * may not point elsewhere. Without local networks: the label, else the least loaded node.
 */
export function placeContainer(
  nodes: NodeLoad[],
  localNetworks: PlacedNetwork[],
  pinned: string | undefined,
): NodeLoad {
  const nameOf = (nodeId: string) => nodes.find((node) => node.id === nodeId)?.name ?? nodeId;
  const [first, ...rest] = localNetworks;
  if (first === undefined) return chooseNode(nodes, pinned, 'container');
  const elsewhere = rest.find((network) => network.nodeId !== first.nodeId);
  if (elsewhere !== undefined) {
    throw new ServiceError(
      'BAD_REQUEST',
      `networks ${first.name} (on ${nameOf(first.nodeId)}) and ${elsewhere.name} (on ${nameOf(elsewhere.nodeId)}) live on different nodes: a container joins local networks of one node`,
      'networks',
    );
  }
  const home = nodes.find((node) => node.id === first.nodeId);
  if (home === undefined) throw new ServiceError('UNAVAILABLE', `network ${first.name} has no node`);
  if (pinned !== undefined && pinned !== home.name) {
    throw new ServiceError(
      'BAD_REQUEST',
      `label ${nodeLabel}=${pinned} conflicts with network ${first.name}, which lives on ${home.name}`,
      labelField,
    );
  }
  return home;
}
