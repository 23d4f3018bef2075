import { ipJson } from './ip.js';

interface RouteGet {
  prefsrc?: string;
}
interface AddrInfo {
  family: string;
  local: string;
  scope?: string;
}
interface LinkAddrs {
  ifname: string;
  addr_info?: AddrInfo[];
}

/**
 * The address other hosts most likely reach us on: the source the kernel would pick for the
 * default route (asking sends no traffic), else the first global IPv4 address.
 */
export async function defaultSourceAddress(): Promise<string | undefined> {
  try {
    const [route] = await ipJson<RouteGet>(['route', 'get', '1.1.1.1']);
    if (route?.prefsrc !== undefined) return route.prefsrc;
  } catch {
    // No default route (e.g. a lab host namespace): fall back to the interface addresses.
  }
  const links = await ipJson<LinkAddrs>(['-4', 'addr', 'show']);
  return firstGlobalIpv4(links);
}

export function firstGlobalIpv4(links: readonly LinkAddrs[]): string | undefined {
  for (const link of links) {
    if (link.ifname === 'lo') continue;
    const found = link.addr_info?.find((a) => a.family === 'inet' && a.scope !== 'host');
    if (found !== undefined) return found.local;
  }
  return undefined;
}
