import type { FdbFact, LinkFact, NeighbourFact, RouteFact } from '@switchyard/contracts';
import type { LinkState } from '../osl/links.js';

export interface RawRoute {
  dst?: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  scope?: string;
  prefsrc?: string;
}

export interface RawNeighbour {
  dst: string;
  dev?: string;
  lladdr?: string;
  state?: string[];
}

export interface RawFdbEntry {
  mac: string;
  ifname?: string;
  dst?: string;
  master?: string;
  flags?: string[];
  state?: string;
}

export function linkFacts(links: readonly LinkState[]): LinkFact[] {
  return links.map((link) => ({
    name: link.name,
    kind: link.kind ?? 'device',
    mtu: link.mtu,
    up: link.up,
    mac: link.mac,
    master: link.master ?? null,
    addresses: link.addresses,
    vni: link.vxlan?.id ?? null,
  }));
}

export function routeFacts(raw: readonly RawRoute[]): RouteFact[] {
  return raw.map((route) => ({
    destination: route.dst ?? 'default',
    gateway: route.gateway ?? null,
    device: route.dev ?? null,
    protocol: route.protocol ?? null,
    scope: route.scope ?? null,
    source: route.prefsrc ?? null,
  }));
}

export function neighbourFacts(raw: readonly RawNeighbour[]): NeighbourFact[] {
  return raw.map((entry) => ({
    address: entry.dst,
    device: entry.dev ?? '',
    mac: entry.lladdr ?? null,
    state: (entry.state ?? []).join(' ').toLowerCase() || 'none',
  }));
}

/** Group addresses (IPv4 and IPv6 multicast) every port carries: noise in a table a person reads. */
function multicast(mac: string): boolean {
  const first = Number.parseInt(mac.slice(0, 2), 16);
  return Number.isNaN(first) || (first & 1) === 1;
}

/** The forwarding entries that say where a MAC is: unicast ones, the VXLAN device's remotes among them. */
export function fdbFacts(raw: readonly RawFdbEntry[]): FdbFact[] {
  return raw
    .filter((entry) => !multicast(entry.mac))
    .map((entry) => ({
      mac: entry.mac,
      device: entry.ifname ?? '',
      destination: entry.dst ?? null,
      master: entry.master ?? null,
      state: entry.state || 'learned',
      self: entry.flags?.includes('self') ?? false,
    }));
}
