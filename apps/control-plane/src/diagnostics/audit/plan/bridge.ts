import type { NodeRef } from '../../path-facts.js';
import { sandboxLabel, shortName } from '../../path-plan.js';
import { networkSubject } from '../../path-subject.js';
import type { AuditFlow, AuditNamespace, LinkExpectation } from '../audit-types.js';
import type { Flow } from '../nft/match.js';
import { hostVethName } from '../veth-name.js';
import { ask, describeProbe, packets, type Context, type Hop } from './context.js';

/** The bridge a network's endpoints hang on: br0 in an overlay's namespace, the named bridge on the host. */
export function bridgeName(context: Context): string | null {
  if (context.network.driver === 'overlay') return 'br0';
  const desired = context.facts.sourceDocument.networks.find((network) => network.id === context.network.id);
  return desired?.bridge?.interfaceName ?? null;
}

/**
 * The namespace on `node` that bridges the network (an overlay's own, or the host's for a bridge
 * network): its bridge, the veths of the sandboxes on the path there, the VXLAN link, and the frames
 * it forwards between them.
 */
export function bridgeNamespace(context: Context, node: NodeRef, bridge: string): AuditNamespace {
  const { client, backends, probe, network } = context;
  const overlay = network.driver === 'overlay';
  const vxlan = overlay ? `vx-${network.vni ?? ''}` : null;
  const local = [client, ...backends].filter((hop) => hop.sandbox.node.id === node.id);
  const veth = (hop: Hop) => hostVethName(hop.sandbox.id, network.id);
  const queries = ask(
    context,
    node,
    overlay ? `net:${node.id}:${network.id}` : `host:${node.id}`,
    overlay ? { scope: 'network', networkId: network.id } : { scope: 'host' },
    { ports: true, routes: false, sysctls: ['net.bridge.bridge-nf-call-iptables'] },
  );
  const hopLabel = (hop: Hop) =>
    `${hop.sandbox.kind === 'task' ? 'task ' : ''}${shortName(hop.sandbox)}'s veth`;
  const remote = [client, ...backends].some((hop) => hop.sandbox.node.id !== node.id);
  const links: LinkExpectation[] = [
    { label: 'the bridge', link: { name: bridge, mac: null }, master: null },
    ...local.map((hop) => ({ label: hopLabel(hop), link: { name: veth(hop), mac: null }, master: bridge })),
    ...(vxlan !== null && remote
      ? [{ label: 'the VXLAN link', link: { name: vxlan, mac: null }, master: bridge }]
      : []),
  ];
  const portOf = (hop: Hop) => (hop.sandbox.node.id === node.id ? veth(hop) : vxlan);
  const flows = backends.flatMap((hop): AuditFlow[] => {
    const from = portOf(client);
    const to = portOf(hop);
    if (from === null || to === null || from === to) return [];
    const { request, reply } = packets(probe, client.endpoint.address, hop.endpoint.address, {
      out: to,
      in: from,
    });
    // Between two endpoints of one network nothing is DNAT'd (a VIP is translated in the client's sandbox).
    const bridged = (flow: Flow, iif: string, oif: string): Flow => ({
      ...flow,
      route: 'bridged',
      iifname: iif,
      oifname: oif,
      dnat: false,
    });
    const routed = (flow: Flow): Flow => ({
      ...flow,
      route: 'forward',
      iifname: bridge,
      oifname: bridge,
      dnat: false,
    });
    const what = `${describeProbe(probe, hop.endpoint.address)} (${sandboxLabel(hop.sandbox)})`;
    return [
      { label: `${what} bridged from ${from} to ${to}`, flow: bridged(request, from, to) },
      { label: `its reply bridged from ${to} to ${from}`, flow: bridged(reply, to, from) },
      { label: `${what} through ${bridge} (br_netfilter)`, flow: routed(request), viaBrNetfilter: true },
      { label: `its reply through ${bridge} (br_netfilter)`, flow: routed(reply), viaBrNetfilter: true },
    ];
  });
  return {
    id: `audit:bridge:${node.name}`,
    title: overlay
      ? `Kernel in ${network.name}'s namespace on ${node.name}`
      : `Bridge ${bridge} on ${node.name}`,
    node,
    where: overlay ? `the overlay namespace of ${network.name}` : `the host namespace (bridge ${bridge})`,
    subject: networkSubject(network, node),
    queries,
    links,
    ports: links
      .filter((link) => link.master !== null)
      .flatMap((link) => (link.link.name === null ? [] : [{ name: link.link.name, label: link.label }])),
    routes: [],
    rpFilter: [],
    rpFilterFirst: false,
    flows,
    connectQueryIds: context.connectQueryIds,
  };
}
