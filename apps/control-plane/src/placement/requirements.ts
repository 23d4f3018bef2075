import type { Capability } from '@switchyard/contracts';

/** A kernel feature a node must have to realise a network, and the refusal when it has not. */
export interface Requirement {
  capability: Capability;
  reason: (nodeName: string) => string;
}

/** The first requirement the node does not meet, or undefined when it meets them all. */
export function unmet(
  capabilities: readonly Capability[],
  requirements: Requirement[],
): Requirement | undefined {
  return requirements.find((requirement) => !capabilities.includes(requirement.capability));
}
