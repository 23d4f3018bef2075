import type { LinkState, RouteEntry } from '../osl/links.js';

/** `10.0.1.5/24` → `10.0.1.0/24`. */
export function networkOf(address: string): string {
  const [ip = '', length = '32'] = address.split('/');
  const bits = Number(length);
  const value = ip.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const network = (value & mask) >>> 0;
  return `${[24, 16, 8, 0].map((shift) => (network >>> shift) & 255).join('.')}/${bits}`;
}

/**
 * The `ip` lines that put back the connected routes of a sandbox's addresses deleted by hand (the
 * kernel adds one per address, and never again once it is gone): every link that is up, lo aside.
 */
export function missingConnectedRoutes(links: readonly LinkState[], routes: readonly RouteEntry[]): string[] {
  const present = new Set(routes.map((route) => `${route.dst} ${route.dev}`));
  return links.flatMap((link) =>
    !link.up || link.name === 'lo'
      ? []
      : link.addresses.flatMap((address) => {
          const network = networkOf(address);
          if (address.endsWith('/32') || present.has(`${network} ${link.name}`)) return [];
          const source = address.split('/')[0] ?? '';
          return [`route replace ${network} dev ${link.name} proto kernel scope link src ${source}`];
        }),
  );
}
