import type { DesiredEndpoint, DesiredNetwork } from '@switchyard/contracts';

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** A network's bridge addresses: each subnet's gateway with the subnet's prefix length. */
export function gatewayAddresses(network: DesiredNetwork): string[] {
  return network.subnets.map(({ subnet, gateway }) => `${gateway}/${subnet.split('/')[1] ?? '32'}`).sort();
}

export function endpointAddress(endpoint: DesiredEndpoint): string {
  return `${endpoint.address}/${endpoint.prefixLength}`;
}
