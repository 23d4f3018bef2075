import type {
  FdbFact,
  LinkFact,
  NeighbourFact,
  PortFact,
  RouteFact,
  SysctlFact,
} from '@switchyard/contracts';
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

export interface RawPort {
  ifname: string;
  master?: string;
  state?: string;
  flags?: string[];
}

/** `bridge -j link show`: every bridge port with the state the bridge keeps it in. */
export function portFacts(raw: readonly RawPort[]): PortFact[] {
  return raw.map((port) => ({
    name: port.ifname,
    master: port.master ?? null,
    state: port.state ?? 'unknown',
    up: port.flags?.includes('UP') ?? false,
    carrier: port.flags?.includes('LOWER_UP') ?? false,
  }));
}

/** `/proc/sys/net/ipv4/ip_forward=1` lines back to names; a name without a line has no entry. */
export function sysctlFacts(names: readonly string[], output: string): SysctlFact[] {
  const values = new Map<string, string>();
  for (const line of output.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) values.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return names.map((name) => ({ name, value: values.get(`/proc/sys/${name.replaceAll('.', '/')}`) ?? null }));
}
