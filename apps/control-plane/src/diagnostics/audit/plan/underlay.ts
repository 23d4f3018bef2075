import type { NodeRef } from '../../path-facts.js';
import { nodeSubject } from '../../path-subject.js';
import type { AuditFlow, AuditNamespace } from '../audit-types.js';
import { ask, type Context } from './context.js';

/** The host namespace's part in an overlay: the VXLAN packets between the two hosts' underlay addresses. */
export function underlayNamespace(context: Context, node: NodeRef, peers: NodeRef[]): AuditNamespace {
  const desired = context.facts.sourceDocument.networks.find((network) => network.id === context.network.id);
  const port = desired?.overlay?.vxlanPort ?? 4789;
  const queries = ask(context, node, `host:${node.id}`, { scope: 'host' }, {});
  const flows = peers.flatMap((peer): AuditFlow[] => {
    const base = {
      protocol: 'udp' as const,
      sport: null,
      dport: port,
      iifname: null,
      oifname: null,
      ct: 'new' as const,
      direction: 'original' as const,
      dnat: false,
    };
    return [
      {
        label: `VXLAN (udp ${port}) to ${peer.name} (${peer.underlay}) leaving`,
        flow: { ...base, route: 'out', saddr: node.underlay, daddr: peer.underlay },
        oifByRoute: peer.underlay,
      },
      {
        label: `VXLAN (udp ${port}) from ${peer.name} (${peer.underlay}) arriving`,
        flow: { ...base, route: 'in', saddr: peer.underlay, daddr: node.underlay },
        iifByRoute: peer.underlay,
      },
    ];
  });
  return {
    id: `audit:underlay:${node.name}`,
    title: `Underlay of ${node.name}`,
    node,
    where: 'the host namespace',
    subject: nodeSubject(node),
    queries,
    links: [],
    ports: [],
    routes: peers.map((peer) => ({
      address: peer.underlay,
      label: `${peer.name}'s underlay address`,
      // VXLAN leaves by the device holding this host's underlay address.
      device: { name: null, mac: null, address: node.underlay },
      neighbourMac: null,
    })),
    rpFilter: [],
    rpFilterFirst: false,
    flows,
    connectQueryIds: context.connectQueryIds,
  };
}
