import { createHash } from 'node:crypto';

/**
 * The bridge inside each overlay network's namespace (Docker names it the same); the host's legs
 * into an overlay (ingress, HTTP mesh) attach to it too.
 */
export const overlayBridge = 'br0';

/**
 * The host side of an endpoint's veth: `veth` + 7 hex digits of a hash of sandbox and network, so it
 * is stable across restarts and fits the kernel's 15 characters.
 */
export function hostVethName(sandboxId: string, networkId: string): string {
  const digest = createHash('sha256').update(`${sandboxId}/${networkId}`).digest('hex');
  return `veth${digest.slice(0, 7)}`;
}
