import type { Capability } from '@switchyard/contracts';
import { resolveMacvlanOptions, isVlanParent } from '../drivers/macvlan.js';
import { resolveOverlayOptions } from '../drivers/overlay.js';

/** A kernel feature a node must have to realise a network, and the refusal when it has not. */
export interface Requirement {
  capability: Capability;
  reason: (nodeName: string) => string;
}

/** What a node needs to realise the network: VXLAN (and IPsec when encrypted), macvlan (and 802.1Q). */
export function networkRequirements(network: {
  name: string;
  driver: string;
  options: Record<string, string>;
}): Requirement[] {
  if (network.driver === 'overlay') {
    const needs: Requirement[] = [
      {
        capability: 'vxlan',
        reason: (node) =>
          `node ${node} cannot realise overlay network ${network.name}: its kernel has no VXLAN support`,
      },
    ];
    if (resolveOverlayOptions(network.options).encrypted) {
      needs.push({
        capability: 'ipsec',
        reason: (node) => `encrypted overlay needs IPsec ESP, which node ${node}'s kernel lacks`,
      });
    }
    return needs;
  }
  if (network.driver === 'macvlan') {
    const { parent } = resolveMacvlanOptions(network.options);
    const needs: Requirement[] = [
      {
        capability: 'macvlan',
        reason: (node) =>
          `node ${node} cannot realise macvlan network ${network.name}: its kernel has no macvlan support`,
      },
    ];
    if (isVlanParent(parent)) {
      needs.push({
        capability: '8021q',
        reason: (node) => `kernel has no 802.1Q support (node ${node}): cannot use parent ${parent}`,
      });
    }
    return needs;
  }
  return [];
}

/** The first requirement the node does not meet, or undefined when it meets them all. */
export function unmet(
  capabilities: readonly Capability[],
  requirements: Requirement[],
): Requirement | undefined {
  return requirements.find((requirement) => !capabilities.includes(requirement.capability));
}
