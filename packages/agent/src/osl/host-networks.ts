import { parseCidr, type Cidr } from '@switchyard/contracts';
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
 * destinations, without the default route, loopback or link-local ones.
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
    const cidr = canonical(address, Number(prefix));
    if (cidr.startsWith('127.') || cidr.startsWith('169.254.')) continue;
    found.add(cidr);
  }
  return [...found].sort();
}

export async function readHostNetworks(netns?: string): Promise<string[]> {
  const [addrs, routes] = await Promise.all([
    ipJson<RawAddr>(['-4', 'addr', 'show'], netns),
    ipJson<RawRoute>(['-4', 'route', 'show'], netns),
  ]);
  return hostNetworksFrom(addrs, routes);
}
