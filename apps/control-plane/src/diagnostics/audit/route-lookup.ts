import type { RouteFact } from '@switchyard/contracts';

function ipv4(address: string): number | null {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return null;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

/** `10.0.2.0/24` → [base, length]; `default` is 0.0.0.0/0 and a bare address a /32. */
function prefixOf(destination: string): [number, number] | null {
  if (destination === 'default') return [0, 0];
  const [address = '', length = '32'] = destination.split('/');
  const base = ipv4(address);
  return base === null ? null : [base, Number(length)];
}

export function inPrefix(address: string, destination: string): boolean {
  const value = ipv4(address);
  const prefix = prefixOf(destination);
  if (value === null || prefix === null) return false;
  const size = 2 ** (32 - prefix[1]);
  return Math.floor(value / size) === Math.floor(prefix[0] / size);
}

/** The route the kernel's main table picks for `address`: the longest matching prefix; null: none. */
export function lookupRoute(routes: readonly RouteFact[], address: string): RouteFact | null {
  let best: { route: RouteFact; length: number } | null = null;
  for (const route of routes) {
    const prefix = prefixOf(route.destination);
    if (prefix === null || !inPrefix(address, route.destination)) continue;
    if (best === null || prefix[1] > best.length) best = { route, length: prefix[1] };
  }
  return best?.route ?? null;
}

/** `a.b.c.d/len` of an interface address → its network, `a.b.c.0/len`: the connected route it makes. */
export function networkOf(cidr: string): string {
  const [address = '', length = '32'] = cidr.split('/');
  const value = ipv4(address) ?? 0;
  const size = 2 ** (32 - Number(length));
  const base = Math.floor(value / size) * size;
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
  return `${octets.join('.')}/${length}`;
}

export const describeRoute = (route: RouteFact) =>
  [
    route.destination,
    route.gateway === null ? null : `via ${route.gateway}`,
    route.device === null ? null : `dev ${route.device}`,
  ]
    .filter((part) => part !== null)
    .join(' ');
