import { z } from 'zod';

/** Kernel features an agent detects on its host; they decide which drivers a node can run. */
export const capabilitySchema = z.enum(['nftables', 'ipvs', '8021q', 'macvlan', 'vxlan', 'ipsec']);
export type Capability = z.infer<typeof capabilitySchema>;
export const allCapabilities = capabilitySchema.options;
