import { createHash } from 'node:crypto';

/**
 * The host side of an endpoint's veth as the agent names it (its drivers/names.ts, which the control
 * plane may not import): `veth` + 7 hex digits of a hash of sandbox and network.
 */
export function hostVethName(sandboxId: string, networkId: string): string {
  const digest = createHash('sha256').update(`${sandboxId}/${networkId}`).digest('hex');
  return `veth${digest.slice(0, 7)}`;
}
