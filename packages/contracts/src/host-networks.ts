import { z } from 'zod';
import { cidrSchema, parseCidr, type Cidr } from './net.js';

/** How many subnets a node may report: a host with more routes than that keeps its most specific. */
export const maxHostNetworks = 64;

/** Ranges no host network may be reported in: they are never on a wire the cluster shares. */
const reservedRanges: { cidr: Cidr; what: string }[] = [
  { cidr: '127.0.0.0/8' as Cidr, what: 'loopback' },
  { cidr: '169.254.0.0/16' as Cidr, what: 'link-local' },
  { cidr: '224.0.0.0/4' as Cidr, what: 'multicast' },
];

/**
 * Why `cidr` cannot be one of a node's host networks, or undefined when it can: a node's subnets
 * keep the control plane's picks off that node's own networks, so each must be a proper subnet of
 * unicast space, no wider than a /8.
 */
export function hostNetworkProblem(cidr: Cidr): string | undefined {
  const { network, prefixLength, first, last } = parseCidr(cidr);
  if (`${network}/${prefixLength}` !== cidr)
    return `${cidr} is not a subnet: it should be ${network}/${prefixLength}`;
  if (prefixLength < 8) return `${cidr} is wider than a /8`;
  for (const range of reservedRanges) {
    const reserved = parseCidr(range.cidr);
    if (first <= reserved.last && reserved.first <= last)
      return `${cidr} is in the ${range.what} range ${range.cidr}`;
  }
  return undefined;
}

export const hostNetworkSchema = cidrSchema.superRefine((cidr, context) => {
  const problem = hostNetworkProblem(cidr);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
});

export const hostNetworksSchema = z
  .array(hostNetworkSchema)
  .max(maxHostNetworks, `must list at most ${maxHostNetworks} subnets`);
