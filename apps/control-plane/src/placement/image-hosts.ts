import type { Capability, ObservedImage } from '@switchyard/contracts';

/** An OCI image a container or task runs: the name it was asked by, and the id it resolved to. */
export interface ImageNeed {
  reference: string;
  id: string;
}

export interface ImageHost {
  name: string;
  ready: boolean;
  capabilities: readonly Capability[];
  /** What its container runtime last reported holding. */
  images: readonly ObservedImage[];
}

/** Why the node cannot run the image now, or null when it can. */
export function imageUnavailable(node: ImageHost, need: ImageNeed): string | null {
  if (!node.ready) return `${node.name} is down`;
  if (!node.capabilities.includes('containerd')) return `${node.name} has no container runtime`;
  const held = node.images.find((image) => image.id === need.id);
  if (held?.present === true) return null;
  return `${node.name} has not loaded it${held?.error === undefined ? '' : ` (${held.error})`}`;
}

/** The refusal when no node can run the image, naming every host and why not. */
export function noImageHost(need: ImageNeed, nodes: readonly ImageHost[]): string {
  const reasons = [...nodes]
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))
    .map((node) => imageUnavailable(node, need) ?? `${node.name} can`);
  return `image ${need.reference} is not on any ready host: ${reasons.length === 0 ? 'there are no hosts' : reasons.join('; ')}`;
}
