import type { DesiredEndpoint } from '@switchyard/contracts';
import type { LinkState } from '../osl/links.js';
import { endpointAddress, sameList } from './addresses.js';

/**
 * Lines, run inside the sandbox, that put an existing endpoint interface back to its MAC, MTU
 * (when the driver sets one), state and single address. Empty when it already is right.
 */
export function repairEndpointInside(
  inner: LinkState,
  endpoint: DesiredEndpoint,
  mtu: number | null,
): string[] {
  const name = endpoint.interfaceName;
  const address = endpointAddress(endpoint);
  const lines: string[] = [];
  if (inner.mac !== endpoint.mac || (mtu !== null && inner.mtu !== mtu) || !inner.up) {
    lines.push(`link set ${name} address ${endpoint.mac}${mtu === null ? '' : ` mtu ${mtu}`} up`);
  }
  if (!sameList(inner.addresses, [address]))
    lines.push(`addr flush dev ${name}`, `addr add ${address} dev ${name}`);
  return lines;
}
