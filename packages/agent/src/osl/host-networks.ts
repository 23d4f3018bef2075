import { hostNetworkProblem, maxHostNetworks, parseCidr, type Cidr } from '@switchyard/contracts';
import { ipJson } from './ip.js';

interface RawAddr {
  addr_info?: { family: string; local: string; prefixlen: number; scope?: string }[];
}
interface RawRoute {
  dst: string;
}

function canonical(address: string, prefixLength: number): string {
  const parsed = parseCidr(`${address}/${prefixLength}` as Cidr);
  return `${parsed.network}/${prefixLength}`;
}

/**
 * The subnets this host already uses, as CIDRs: its global IPv4 addresses' subnets and its routes'
 * destinations, as the control plane takes them (hostNetworkProblem: no default route, nothing
 * wider than /8, no loopback, link-local or multicast), the most specific first, at most 64.
 */
export function hostNetworksFrom(addrs: readonly RawAddr[], routes: readonly RawRoute[]): string[] {
  const found = new Set<string>();
  for (const link of addrs) {
    for (const info of link.addr_info ?? []) {
      if (info.family !== 'inet' || info.scope === 'host' || info.scope === 'link') continue;
      found.add(canonical(info.local, info.prefixlen));
    }
  }
  for (const route of routes) {
    if (route.dst === 'default') continue;
    const [address = '', prefix = '32'] = route.dst.split('/');
    found.add(canonical(address, Number(prefix)));
  }
  const prefixLength = (cidr: string) => Number(cidr.split('/')[1]);
  return [...found]
    .filter((cidr) => hostNetworkProblem(cidr as Cidr) === undefined)
    .sort((a, b) => prefixLength(b) - prefixLength(a) || a.localeCompare(b))
    .slice(0, maxHostNetworks)
    .sort();
}

export async function readHostNetworks(netns?: string): Promise<string[]> {
  const [addrs, routes] = await Promise.all([
    ipJson<RawAddr>(['-4', 'addr', 'show'], netns),
    ipJson<RawRoute>(['-4', 'route', 'show'], netns),
  ]);
  return hostNetworksFrom(addrs, routes);
}
