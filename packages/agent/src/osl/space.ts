import { exec } from './exec.js';
import { ipJson } from './ip.js';
import { readLinks, type LinkState } from './links.js';

/** A permanent neighbour entry (`ip neigh ... nud permanent`). */
export interface Neighbour {
  device: string;
  address: string;
  mac: string;
}

/** A VXLAN forwarding entry: frames for `mac` go to the VTEP at `dst`. */
export interface FdbEntry {
  device: string;
  mac: string;
  dst: string;
}

/** A network's own namespace (overlay) as read back: its links, neighbours and VXLAN FDB. */
export interface NetworkSpace {
  links: LinkState[];
  neighbours: Neighbour[];
  fdb: FdbEntry[];
}

interface RawNeighbour {
  dst: string;
  dev?: string;
  lladdr?: string;
  state?: string[];
}
interface RawFdb {
  mac: string;
  ifname?: string;
  dst?: string;
  flags?: string[];
}

export function parseNeighbours(raw: readonly RawNeighbour[]): Neighbour[] {
  return raw
    .filter((entry) => entry.state?.includes('PERMANENT') === true && entry.lladdr !== undefined)
    .map((entry) => ({ device: entry.dev ?? '', address: entry.dst, mac: entry.lladdr ?? '' }));
}

/** Only the VXLAN device's own remote entries (`self` with a `dst`), not the bridge's learned ones. */
export function parseFdb(raw: readonly RawFdb[]): FdbEntry[] {
  return raw
    .filter((entry) => entry.dst !== undefined && entry.flags?.includes('self') === true)
    .map((entry) => ({ device: entry.ifname ?? '', mac: entry.mac, dst: entry.dst ?? '' }));
}

export async function readNetworkSpace(netns: string): Promise<NetworkSpace> {
  const [links, neighbours, fdb] = await Promise.all([
    readLinks(netns),
    ipJson<RawNeighbour>(['-4', 'neigh', 'show', 'nud', 'permanent'], netns),
    exec('bridge', ['-n', netns, '-j', 'fdb', 'show']).then(({ stdout }) =>
      stdout.trim() === '' ? [] : (JSON.parse(stdout) as RawFdb[]),
    ),
  ]);
  return { links, neighbours: parseNeighbours(neighbours), fdb: parseFdb(fdb) };
}
