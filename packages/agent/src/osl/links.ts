import { ipJson } from './ip.js';

/** One link as the reconciler compares it, read from `ip -d -j addr show`. */
export interface LinkState {
  name: string;
  /** `bridge`, `veth`...; undefined for plain devices such as `lo`. */
  kind: string | undefined;
  master: string | undefined;
  /** The administrative UP flag (a bridge without ports is UP but its operstate DOWN). */
  up: boolean;
  mtu: number;
  mac: string;
  alias: string | undefined;
  hairpin: boolean | undefined;
  /** VXLAN settings, for a `vxlan` link. */
  vxlan?: VxlanInfo;
  /** IPv4 addresses as `a.b.c.d/len`, sorted. */
  addresses: string[];
}

export interface VxlanInfo {
  id: number;
  port: number;
  local: string | undefined;
  learning: boolean;
  proxy: boolean;
}

export interface RawLink {
  ifname: string;
  flags?: string[];
  mtu?: number;
  address?: string;
  master?: string;
  ifalias?: string;
  linkinfo?: {
    info_kind?: string;
    info_data?: { id?: number; port?: number; local?: string; learning?: boolean; proxy?: boolean };
    info_slave_data?: { hairpin?: boolean };
  };
  addr_info?: { family: string; local: string; prefixlen: number }[];
}

function vxlanInfo(link: RawLink): VxlanInfo | undefined {
  const data = link.linkinfo?.info_data;
  if (link.linkinfo?.info_kind !== 'vxlan' || data === undefined) return undefined;
  return {
    id: data.id ?? 0,
    port: data.port ?? 0,
    local: data.local,
    learning: data.learning ?? true,
    proxy: data.proxy ?? false,
  };
}

export function parseLinks(raw: readonly RawLink[]): LinkState[] {
  return raw.map((link) => ({
    name: link.ifname,
    kind: link.linkinfo?.info_kind,
    master: link.master,
    up: link.flags?.includes('UP') ?? false,
    mtu: link.mtu ?? 0,
    mac: link.address ?? '',
    alias: link.ifalias,
    hairpin: link.linkinfo?.info_slave_data?.hairpin,
    ...(link.linkinfo?.info_kind === 'vxlan' ? { vxlan: vxlanInfo(link) } : {}),
    addresses: (link.addr_info ?? [])
      .filter((info) => info.family === 'inet')
      .map((info) => `${info.local}/${info.prefixlen}`)
      .sort(),
  }));
}

/** Every link of a namespace (this process's when `netns` is undefined) with its IPv4 addresses. */
export async function readLinks(netns?: string): Promise<LinkState[]> {
  return parseLinks(await ipJson<RawLink>(['-d', 'addr', 'show'], netns));
}

interface RawRoute {
  dst: string;
  gateway?: string;
  dev?: string;
}

/** A route of a namespace's main table: its destination (`10.0.1.0/24`, `default`) and device. */
export interface RouteEntry {
  dst: string;
  dev: string;
}

/** A namespace's IPv4 main-table routes, and the gateway of its default route (null: none). */
export async function readRoutes(
  netns?: string,
): Promise<{ defaultGateway: string | null; routes: RouteEntry[] }> {
  const routes = await ipJson<RawRoute>(['-4', 'route', 'show'], netns);
  return {
    defaultGateway: routes.find((route) => route.dst === 'default')?.gateway ?? null,
    routes: routes.flatMap((route) => (route.dev === undefined ? [] : [{ dst: route.dst, dev: route.dev }])),
  };
}
