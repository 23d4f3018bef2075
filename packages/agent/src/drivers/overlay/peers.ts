import type { FdbEntry, Neighbour } from '../../osl/space.js';

export interface Peer {
  address: string;
  mac: string;
  underlay: string;
}

/** Neighbour (`ip`) and FDB (`bridge`) lines that make a VXLAN device's static entries exactly `peers`. */
export function planPeers(
  vxlan: string,
  peers: readonly Peer[],
  neighbours: readonly Neighbour[],
  fdb: readonly FdbEntry[],
): { neigh: string[]; fdb: string[] } {
  const ownNeighbours = neighbours.filter((entry) => entry.device === vxlan);
  const ownFdb = fdb.filter((entry) => entry.device === vxlan);
  const neigh: string[] = [];
  const forwarding: string[] = [];
  const wantedAddresses = new Set(peers.map((peer) => peer.address));
  const wantedMacs = new Set(peers.map((peer) => peer.mac));

  for (const entry of ownNeighbours) {
    if (!wantedAddresses.has(entry.address)) neigh.push(`neigh del ${entry.address} dev ${vxlan}`);
  }
  for (const entry of ownFdb) {
    if (!wantedMacs.has(entry.mac))
      forwarding.push(`fdb del ${entry.mac} dev ${vxlan} dst ${entry.dst} self`);
  }
  for (const peer of peers) {
    const known = ownNeighbours.find((entry) => entry.address === peer.address);
    if (known?.mac !== peer.mac) {
      neigh.push(`neigh replace ${peer.address} lladdr ${peer.mac} dev ${vxlan} nud permanent`);
    }
    const remotes = ownFdb.filter((entry) => entry.mac === peer.mac);
    if (remotes.length === 1 && remotes[0]?.dst === peer.underlay) continue;
    // A MAC with extra or wrong remotes would be sent to each of them: drop the extras first.
    for (const extra of remotes.filter((entry) => entry.dst !== peer.underlay)) {
      forwarding.push(`fdb del ${peer.mac} dev ${vxlan} dst ${extra.dst} self`);
    }
    forwarding.push(`fdb replace ${peer.mac} dev ${vxlan} dst ${peer.underlay} self permanent`);
  }
  return { neigh, fdb: forwarding };
}

/**
 * The lines that take a VXLAN device from the peers last applied to `peers`, trusting the kernel to
 * hold what was applied (a push between resyncs; the resync reads the entries back).
 */
export function planPeerChange(
  vxlan: string,
  peers: readonly Peer[],
  applied: readonly Peer[],
): { neigh: string[]; fdb: string[] } {
  return planPeers(
    vxlan,
    peers,
    applied.map((peer) => ({ device: vxlan, address: peer.address, mac: peer.mac })),
    applied.map((peer) => ({ device: vxlan, mac: peer.mac, dst: peer.underlay })),
  );
}
