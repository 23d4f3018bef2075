import { readFile } from 'node:fs/promises';
import { ipJson } from '@switchyard/agent';
import {
  cidrContains,
  cidrsOverlap,
  cidrSchema,
  ipv4Schema,
  type Cidr,
  type Ipv4,
} from '@switchyard/contracts';

/** What the root namespace already uses: the machine's lifeline, which the lab must not shadow. */
export interface RootNetwork {
  addresses: { dev: string; cidr: string }[];
  routes: { dev?: string; dst: string; table?: string }[];
  resolvers: string[];
}

/** Every way the lab subnet would clash with the root namespace; our own leftover link is ignored. */
export function findSubnetConflicts(subnet: Cidr, root: RootNetwork, ownLink: string): string[] {
  const conflicts: string[] = [];
  for (const address of root.addresses) {
    if (address.dev === ownLink) continue;
    const cidr = cidrSchema.safeParse(address.cidr);
    if (cidr.success && cidrsOverlap(subnet, cidr.data)) {
      conflicts.push(`address ${address.cidr} on ${address.dev}`);
    }
  }
  for (const route of root.routes) {
    // The default route covers everything; a more specific lab route beside it is harmless.
    if (route.dev === ownLink || route.dst === 'default') continue;
    const dst = route.dst.includes('/') ? route.dst : `${route.dst}/32`;
    const cidr = cidrSchema.safeParse(dst);
    if (cidr.success && cidrsOverlap(subnet, cidr.data)) {
      const table = route.table !== undefined && route.table !== 'main' ? ` (table ${route.table})` : '';
      conflicts.push(`route ${route.dst}${route.dev !== undefined ? ` dev ${route.dev}` : ''}${table}`);
    }
  }
  for (const resolver of root.resolvers) {
    const address = ipv4Schema.safeParse(resolver);
    if (address.success && cidrContains(subnet, address.data as Ipv4)) {
      conflicts.push(`DNS resolver ${resolver} in /etc/resolv.conf`);
    }
  }
  return [...new Set(conflicts)];
}

export function parseResolvConf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((words) => words[0] === 'nameserver' && words[1] !== undefined)
    .map((words) => words[1] as string);
}

interface IpAddrLink {
  ifname: string;
  addr_info?: { family: string; local: string; prefixlen: number }[];
}
interface IpRoute {
  dst: string;
  dev?: string;
  table?: string;
}

export async function readRootNetwork(): Promise<RootNetwork> {
  const [links, routes, resolvConf] = await Promise.all([
    ipJson<IpAddrLink>(['-4', 'address', 'show']),
    ipJson<IpRoute>(['-4', 'route', 'show', 'table', 'all']),
    readFile('/etc/resolv.conf', 'utf8').catch(() => ''),
  ]);
  return {
    addresses: links.flatMap((link) =>
      (link.addr_info ?? [])
        .filter((info) => info.family === 'inet')
        .map((info) => ({ dev: link.ifname, cidr: `${info.local}/${info.prefixlen}` })),
    ),
    routes: routes.map((route) => ({ dst: route.dst, dev: route.dev, table: route.table })),
    resolvers: parseResolvConf(resolvConf),
  };
}
