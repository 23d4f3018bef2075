import type { DiagnosticQuery, NamespaceRef } from '@switchyard/contracts';
import type { EndpointRef, NetworkRef, NodeRef, PathFacts, SandboxRef } from '../path-facts.js';
import {
  backendsOn,
  sandboxLabel,
  sharedNetwork,
  shortName,
  targetNetworks,
  type PathCheck,
  type PathPlan,
} from '../path-plan.js';
import type { AuditFlow, AuditNamespace, AuditQueries, LinkExpectation } from './audit-types.js';
import type { Flow } from './nft-match.js';
import { hostVethName } from './veth-name.js';

/** What the connects try: TCP to a port, or a ping. */
type Probe = { protocol: 'tcp'; port: number } | { protocol: 'icmp'; port: null };

interface Hop {
  sandbox: SandboxRef;
  endpoint: EndpointRef;
  /** Its interface inside the sandbox, when the store knows it. */
  interfaceName: string | null;
}

interface Context {
  facts: PathFacts;
  network: NetworkRef;
  client: Hop;
  backends: Hop[];
  vip: string | null;
  probe: Probe;
  queries: Map<string, DiagnosticQuery[]>;
  connectQueryIds: string[];
}

const rpSysctls = (device: string | null) => [
  'net.ipv4.conf.all.rp_filter',
  ...(device === null ? [] : [`net.ipv4.conf.${device}.rp_filter`]),
];

function ask(
  context: Context,
  node: NodeRef,
  key: string,
  where: NamespaceRef,
  facts: { ports?: boolean; routes?: boolean; sysctls?: string[] },
): AuditQueries {
  const list = context.queries.get(node.id) ?? [];
  context.queries.set(node.id, list);
  const add = (fact: DiagnosticQuery & { kind: 'read' }) => {
    if (!list.some((query) => query.id === fact.id)) list.push(fact);
    return fact.id;
  };
  const read = (fact: 'ruleset' | 'links' | 'routes' | 'neighbours' | 'ports') =>
    add({ id: `audit:${key}:${fact}`, kind: 'read', where, fact });
  return {
    ruleset: read('ruleset'),
    links: read('links'),
    routes: facts.routes === false ? null : read('routes'),
    neighbours: facts.routes === false ? null : read('neighbours'),
    ports: facts.ports === true ? read('ports') : null,
    sysctls:
      facts.sysctls === undefined || facts.sysctls.length === 0
        ? null
        : add({ id: `audit:${key}:sysctls`, kind: 'read', where, fact: 'sysctls', sysctls: facts.sysctls }),
  };
}

/** A packet of the flow, and its answer the other way. */
function packets(
  probe: Probe,
  from: string,
  to: string,
  devices: { out: string | null; in: string | null },
): { request: Flow; reply: Flow } {
  const tcp = probe.protocol === 'tcp';
  return {
    request: {
      route: 'out',
      saddr: from,
      daddr: to,
      protocol: probe.protocol,
      sport: null,
      dport: probe.port,
      ...(tcp ? {} : { icmpType: 'echo-request' as const }),
      iifname: devices.in,
      oifname: devices.out,
      ct: 'new',
      direction: 'original',
    },
    reply: {
      route: 'in',
      saddr: to,
      daddr: from,
      protocol: probe.protocol,
      sport: probe.port,
      dport: null,
      ...(tcp ? {} : { icmpType: 'echo-reply' as const }),
      iifname: devices.out,
      oifname: devices.in,
      ct: 'established',
      direction: 'reply',
    },
  };
}

const describeProbe = (probe: Probe, to: string) =>
  probe.protocol === 'tcp' ? `tcp → ${to}:${probe.port}` : `ping → ${to}`;

function clientSandbox(context: Context): AuditNamespace {
  const { client, backends, vip, probe, network } = context;
  const name = shortName(client.sandbox);
  const device = client.interfaceName;
  const queries = ask(
    context,
    client.sandbox.node,
    `sb:${client.sandbox.id}`,
    {
      scope: 'sandbox',
      sandboxId: client.sandbox.id,
    },
    { sysctls: rpSysctls(device) },
  );
  const link = { name: device, mac: client.endpoint.mac };
  const targets = [
    ...(vip === null ? [] : [{ address: vip, label: `the VIP of ${context.facts.targetName}` }]),
    ...backends.map((hop) => ({ address: hop.endpoint.address, label: sandboxLabel(hop.sandbox) })),
  ];
  const flows = targets.flatMap((target): AuditFlow[] => {
    const { request, reply } = packets(probe, client.endpoint.address, target.address, {
      out: device,
      in: null,
    });
    return [
      { label: `${describeProbe(probe, target.address)} (${target.label}) leaving ${name}`, flow: request },
      {
        label: `the reply from ${target.address} (${target.label}) arriving in ${name}`,
        flow: { ...reply, iifname: device, oifname: null },
      },
    ];
  });
  return {
    id: `audit:${client.sandbox.name}`,
    title: `Kernel in ${name}'s sandbox`,
    node: client.sandbox.node,
    where: `${name}'s sandbox`,
    queries,
    links: [{ label: `${name}'s interface on ${network.name}`, link, master: null }],
    ports: [],
    routes: [
      ...(vip === null
        ? []
        : [
            {
              address: vip,
              label: `the VIP of ${context.facts.targetName}`,
              device: link,
              neighbourMac: null,
            },
          ]),
      ...backends.map((hop) => ({
        address: hop.endpoint.address,
        label: sandboxLabel(hop.sandbox),
        device: link,
        neighbourMac: hop.endpoint.mac,
      })),
    ],
    rpFilterFirst: false,
    rpFilter: backends.map((hop) => ({
      device: link,
      deviceName: device,
      source: hop.endpoint.address,
      label: sandboxLabel(hop.sandbox),
    })),
    flows,
    connectQueryIds: context.connectQueryIds,
  };
}

function taskSandbox(context: Context, hop: Hop): AuditNamespace {
  const { client, probe, network } = context;
  const name = shortName(hop.sandbox);
  const device = hop.interfaceName;
  const queries = ask(
    context,
    hop.sandbox.node,
    `sb:${hop.sandbox.id}`,
    {
      scope: 'sandbox',
      sandboxId: hop.sandbox.id,
    },
    { sysctls: rpSysctls(device) },
  );
  const link = { name: device, mac: hop.endpoint.mac };
  const { request, reply } = packets(probe, client.endpoint.address, hop.endpoint.address, {
    out: null,
    in: device,
  });
  const clientName = shortName(client.sandbox);
  return {
    id: `audit:${hop.sandbox.name}`,
    title: `Kernel in ${name}'s sandbox`,
    node: hop.sandbox.node,
    where: `${hop.sandbox.kind === 'task' ? 'task ' : ''}${name}'s sandbox`,
    queries,
    links: [{ label: `${name}'s interface on ${network.name}`, link, master: null }],
    ports: [],
    routes: [
      {
        address: client.endpoint.address,
        label: sandboxLabel(client.sandbox),
        device: link,
        neighbourMac: client.endpoint.mac,
      },
    ],
    rpFilterFirst: true,
    rpFilter: [
      {
        device: link,
        deviceName: device,
        source: client.endpoint.address,
        label: sandboxLabel(client.sandbox),
      },
    ],
    flows: [
      {
        label: `${describeProbe(probe, hop.endpoint.address)} from ${clientName} arriving in ${name}`,
        flow: { ...request, route: 'in', iifname: device, oifname: null },
      },
      {
        label: `${name}'s reply to ${clientName} (${client.endpoint.address}) leaving`,
        flow: { ...reply, route: 'out', iifname: null, oifname: device },
      },
    ],
    connectQueryIds: context.connectQueryIds,
  };
}

/** The bridge a network's endpoints hang on: br0 in an overlay's namespace, the named bridge on the host. */
function bridgeName(context: Context): string | null {
  if (context.network.driver === 'overlay') return 'br0';
  const desired = context.facts.sourceDocument.networks.find((network) => network.id === context.network.id);
  return desired?.bridge?.interfaceName ?? null;
}

/**
 * The namespace on `node` that bridges the network (an overlay's own, or the host's for a bridge
 * network): its bridge, the veths of the sandboxes on the path there, the VXLAN link, and the frames
 * it forwards between them.
 */
function bridgeNamespace(context: Context, node: NodeRef, bridge: string): AuditNamespace {
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

/** The host namespace's part in an overlay: the VXLAN packets between the two hosts' underlay addresses. */
function underlayNamespace(context: Context, node: NodeRef, peers: NodeRef[]): AuditNamespace {
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
    queries,
    links: [],
    ports: [],
    routes: peers.map((peer) => ({
      address: peer.underlay,
      label: `${peer.name}'s underlay address`,
      device: null,
      neighbourMac: null,
    })),
    rpFilter: [],
    rpFilterFirst: false,
    flows,
    connectQueryIds: context.connectQueryIds,
  };
}

function probeOf(checks: readonly PathCheck[]): { probe: Probe; ids: string[] } | null {
  const connects = checks.flatMap((check) => (check.kind === 'connect' ? [check] : []));
  const first = connects[0]?.probe;
  if (first === undefined) return null;
  const probe: Probe =
    first.tool === 'tcp' ? { protocol: 'tcp', port: first.port } : { protocol: 'icmp', port: null };
  return { probe, ids: connects.map((check) => check.queryId) };
}

function vipOf(facts: PathFacts, network: NetworkRef): string | null {
  if (facts.target.kind !== 'service' || facts.target.service.endpointMode !== 'vip') return null;
  return facts.target.service.vips.find((vip) => vip.networkId === network.id)?.address ?? null;
}

/**
 * Adds, before the connects, one step per namespace the flow crosses, in path order: A's sandbox,
 * the bridge (or overlay namespace) and underlay of A's host, then of each backend's host, then each
 * backend's sandbox. Each reads everything there that can drop or misroute the flow.
 */
export function addAudit(plan: PathPlan, facts: PathFacts): PathPlan {
  const network = sharedNetwork(facts, targetNetworks(facts));
  const connects = probeOf(plan.checks);
  const clientEndpoint = facts.source.endpoints.find((endpoint) => endpoint.networkId === network?.id);
  if (
    network === undefined ||
    connects === null ||
    clientEndpoint === undefined ||
    !facts.source.node.connected
  ) {
    return plan;
  }
  const interfaceOf = (sandbox: SandboxRef, endpoint: EndpointRef) =>
    endpoint.interfaceName ??
    facts.sourceDocument.sandboxes
      .find((desired) => desired.id === sandbox.id)
      ?.endpoints.find((candidate) => candidate.networkId === endpoint.networkId)?.interfaceName ??
    null;
  const backends = backendsOn(facts, network.id)
    .filter(({ sandbox }) => sandbox.status === 'running')
    .map(({ sandbox, endpoint }) => ({ sandbox, endpoint, interfaceName: interfaceOf(sandbox, endpoint) }));
  const context: Context = {
    facts,
    network,
    client: {
      sandbox: facts.source,
      endpoint: clientEndpoint,
      interfaceName: interfaceOf(facts.source, clientEndpoint),
    },
    backends,
    vip: vipOf(facts, network),
    probe: connects.probe,
    queries: new Map([...plan.queries].map(([node, list]) => [node, [...list]])),
    connectQueryIds: connects.ids,
  };
  const steps: AuditNamespace[] = [clientSandbox(context)];
  const bridge = bridgeName(context);
  const sourceNode = facts.source.node;
  const otherNodes = [
    ...new Map(backends.map((hop) => [hop.sandbox.node.id, hop.sandbox.node])).values(),
  ].filter((node) => node.id !== sourceNode.id && node.connected);
  const bridged = bridge !== null && (network.driver === 'overlay' || network.driver === 'bridge');
  if (bridged) steps.push(bridgeNamespace(context, sourceNode, bridge));
  if (network.driver === 'overlay' && otherNodes.length > 0) {
    steps.push(underlayNamespace(context, sourceNode, otherNodes));
    for (const node of otherNodes) {
      steps.push(underlayNamespace(context, node, [sourceNode]));
      if (bridged) steps.push(bridgeNamespace(context, node, bridge));
    }
  }
  steps.push(...backends.filter((hop) => hop.sandbox.node.connected).map((hop) => taskSandbox(context, hop)));
  const audit: PathCheck[] = steps.map((namespace) => ({
    kind: 'audit',
    id: namespace.id,
    title: namespace.title,
    audit: namespace,
  }));
  const at = plan.checks.findIndex(
    (check) => check.kind === 'connect' || (check.kind === 'fixed' && check.step.id.startsWith('connect:')),
  );
  const checks = [...plan.checks];
  checks.splice(at === -1 ? checks.length : at, 0, ...audit);
  return { checks, queries: context.queries };
}
