import { z } from 'zod';

/**
 * What an agent detects on its host: kernel features decide which drivers a node can run, and
 * `containerd` (a container runtime it can reach) whether it can run OCI images.
 */
export const capabilitySchema = z.enum([
  'nftables',
  'ipvs',
  '8021q',
  'macvlan',
  'vxlan',
  'ipsec',
  'containerd',
]);
export type Capability = z.infer<typeof capabilitySchema>;
export const allCapabilities = capabilitySchema.options;
