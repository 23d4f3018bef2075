import { z } from 'zod';

/** Docker's driver option keys, accepted as Docker spells them. */
export const bridgeOptions = {
  name: 'com.docker.network.bridge.name',
  enableIcc: 'com.docker.network.bridge.enable_icc',
  enableIpMasquerade: 'com.docker.network.bridge.enable_ip_masquerade',
  hostBindingIpv4: 'com.docker.network.bridge.host_binding_ipv4',
  mtu: 'com.docker.network.driver.mtu',
} as const;

/** Label that pins a local-scope network or a standalone container to a node. */
export const nodeLabel = 'com.switchyard.node';

/** A node's name, as the agent protocol's nodeNameSchema spells it (RFC 1123 label, lower case). */
const nodeNamePattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Labels of a network or a container; the one pinning it to a node must name a node. */
export const workloadLabelsSchema = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  const pinned = labels[nodeLabel];
  if (pinned !== undefined && !nodeNamePattern.test(pinned)) {
    ctx.addIssue({
      code: 'custom',
      path: [nodeLabel],
      message: 'must be a node name: lower-case letters, digits and inner dashes, at most 63 characters',
    });
  }
});
