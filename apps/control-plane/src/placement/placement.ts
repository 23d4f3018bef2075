import { nodeLabel, type Capability, type ObservedImage } from '@switchyard/contracts';
import { ServiceError } from '../errors.js';
import { imageUnavailable, noImageHost, type ImageNeed } from './image-hosts.js';
import { unmet, type Requirement } from './requirements.js';

export interface NodeLoad {
  id: string;
  name: string;
  ready: boolean;
  /** Sandboxes placed on it: the load that spreading evens out. */
  sandboxes: number;
  capabilities: Capability[];
  /** What its container runtime holds (absent: nothing). */
  images?: readonly ObservedImage[];
}

/** A local network a container asks to join, with the node it lives on. */
export interface PlacedNetwork {
  name: string;
  nodeId: string;
}

const labelField = `labels.${nodeLabel}`;

/** Refuses a node that lacks a kernel feature the networks need, with the requirement's reason. */
function checkCapable(node: NodeLoad, requirements: Requirement[], field: string): NodeLoad {
  const missing = unmet(node.capabilities, requirements);
  if (missing !== undefined) throw new ServiceError('BAD_REQUEST', missing.reason(node.name), field);
  return node;
}

const imageHost = (node: NodeLoad) => ({ ...node, images: node.images ?? [] });

/** Refuses a node that cannot run the image now, saying why. */
function checkHoldsImage(node: NodeLoad, image: ImageNeed | null): NodeLoad {
  if (image === null) return node;
  const reason = imageUnavailable(imageHost(node), image);
  if (reason !== null) {
    throw new ServiceError(
      'BAD_REQUEST',
      `image ${image.reference} cannot run on ${node.name}: ${reason}`,
      'image',
    );
  }
  return node;
}

/**
 * The node named by the `com.switchyard.node` label, else the least loaded ready node that has
 * every capability the requirements name.
 */
export function chooseNode(
  nodes: NodeLoad[],
  pinned: string | undefined,
  what: string,
  requirements: Requirement[] = [],
  field = 'networks',
  image: ImageNeed | null = null,
): NodeLoad {
  if (pinned !== undefined) {
    const node = nodes.find((candidate) => candidate.name === pinned);
    if (node === undefined) {
      throw new ServiceError('BAD_REQUEST', `label ${nodeLabel}: no node named "${pinned}"`, labelField);
    }
    return checkHoldsImage(checkCapable(node, requirements, field), image);
  }
  // An OCI image runs only where a container runtime holds it.
  const holders =
    image === null ? nodes : nodes.filter((node) => imageUnavailable(imageHost(node), image) === null);
  if (image !== null && holders.length === 0) {
    throw new ServiceError('BAD_REQUEST', noImageHost(image, nodes.map(imageHost)), 'image');
  }
  const ready = holders
    .filter((node) => node.ready)
    .sort((a, b) => a.sandboxes - b.sandboxes || a.name.localeCompare(b.name));
  const [first] = ready;
  if (first === undefined) throw new ServiceError('UNAVAILABLE', `no ready node to place the ${what} on`);
  const missing = (node: NodeLoad) =>
    requirements.filter((requirement) => !node.capabilities.includes(requirement.capability)).length;
  // The least loaded node that can; if none can, the reason of the one that lacks least.
  const best = [...ready].sort((a, b) => missing(a) - missing(b))[0] ?? first;
  return checkCapable(best, requirements, field);
}

/**
 * A container runs where its local networks live; they must all live on one node, and a label
 * may not point elsewhere. Without local networks (swarm networks go anywhere): the label, else the
 * least loaded node. The node must have what its swarm networks need.
 */
export function placeContainer(
  nodes: NodeLoad[],
  localNetworks: PlacedNetwork[],
  pinned: string | undefined,
  requirements: Requirement[] = [],
  image: ImageNeed | null = null,
): NodeLoad {
  const nameOf = (nodeId: string) => nodes.find((node) => node.id === nodeId)?.name ?? nodeId;
  const [first, ...rest] = localNetworks;
  if (first === undefined) return chooseNode(nodes, pinned, 'container', requirements, 'networks', image);
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
  return checkHoldsImage(checkCapable(home, requirements, 'networks'), image);
}
