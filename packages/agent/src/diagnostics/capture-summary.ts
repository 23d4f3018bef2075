import type { CaptureSummary } from '@switchyard/contracts';

/** How many of the printed packets the summary keeps verbatim. */
export const captureFirstLines = 20;

const packetLine = /^\d{2}:\d{2}:\d{2}\.\d+\s+(.*)$/;
/** `-i any` adds the interface and the direction before the packet itself. */
const withInterface = /^\S+\s+(?:In|Out|B|M|P)\s+(.*)$/;
const ipPacket = /^IP (\S+) > (\S+): (.*)$/;

/** `10.0.2.5.37580` → address and port; `10.0.2.5` (ICMP) has no port. */
function endpoint(text: string): { address: string; port: number | null } {
  const parts = text.replace(/:$/, '').split('.');
  if (parts.length === 5) return { address: parts.slice(0, 4).join('.'), port: Number(parts[4]) };
  return { address: parts.join('.'), port: null };
}

function ipProtocol(body: string, ports: (number | null)[]): string {
  if (body.startsWith('ICMP')) return 'ICMP';
  if (ports.includes(53)) return 'DNS';
  if (body.startsWith('VXLAN') || ports.includes(4789)) return 'VXLAN';
  if (body.startsWith('Flags [')) return 'TCP';
  if (body.startsWith('UDP')) return 'UDP';
  return 'IP (other)';
}

/** One packet as tcpdump printed it: its protocol, and who talked to whom (IPv4 only). */
function classify(packet: string): { protocol: string; peers: string | null } {
  const ip = ipPacket.exec(packet);
  if (ip !== null) {
    const source = endpoint(ip[1] ?? '');
    const destination = endpoint(ip[2] ?? '');
    return {
      protocol: ipProtocol(ip[3] ?? '', [source.port, destination.port]),
      peers: `${source.address} > ${destination.address}`,
    };
  }
  const request = /^ARP, Request who-has (\S+) tell (\S+),/.exec(packet);
  if (request !== null) return { protocol: 'ARP', peers: `${request[2] ?? ''} > ${request[1] ?? ''}` };
  if (packet.startsWith('ARP')) return { protocol: 'ARP', peers: null };
  if (packet.startsWith('IP6')) return { protocol: 'IPv6', peers: null };
  return { protocol: packet.split(/[\s,]/)[0] || 'other', peers: null };
}

function ranked(counts: Map<string, number>): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Counts per protocol and per pair of addresses, and the first packets as printed (`tcpdump -nn -l`). */
export function summariseCapture(stdout: string): CaptureSummary {
  const packets = stdout
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => packetLine.test(line));
  const protocols = new Map<string, number>();
  const peers = new Map<string, number>();
  for (const line of packets) {
    const rest = packetLine.exec(line)?.[1] ?? '';
    const packet = withInterface.exec(rest)?.[1] ?? rest;
    const { protocol, peers: pair } = classify(packet);
    protocols.set(protocol, (protocols.get(protocol) ?? 0) + 1);
    if (pair !== null) peers.set(pair, (peers.get(pair) ?? 0) + 1);
  }
  return {
    packets: packets.length,
    byProtocol: ranked(protocols).map(([protocol, count]) => ({ protocol, count })),
    byPeer: ranked(peers).map(([pair, count]) => ({ peers: pair, count })),
    firstLines: packets.slice(0, captureFirstLines),
  };
}
