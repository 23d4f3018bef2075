import type { DesiredNetwork, DiagnosticQuery, PathSubject } from '@switchyard/contracts';
import type { EndpointRef, NetworkRef, NodeRef, SandboxRef } from '../path-facts.js';
import { networkSubject, nodeSubject, sandboxSubject } from '../path-subject.js';

/** VXLAN wraps each frame in 50 bytes (outer IPv4, UDP, VXLAN and Ethernet headers). */
export const vxlanOverhead = 50;
/** A ping's IPv4 and ICMP headers: its payload is the packet size less these. */
export const pingHeaders = 28;

/** Which links of one namespace's read lie on the path, and what their MTU must be. */
export type LinkSelection =
  /** The endpoint with this address (a sandbox's eth0): exactly the network's MTU. */
  | { by: 'address'; address: string }
  /** A bridge and every port on it (an overlay's br0, its vx- device and veths; a bridge network's). */
  | { by: 'bridge'; bridge: string; also: string[] }
  /** The host's link holding its underlay address: room for the overlay's MTU plus VXLAN. */
  | { by: 'underlay'; address: string };

export interface MtuRead {
  queryId: string;
  /** Where the links are, in words: `web-client on sy-host1`, `sy-host1`. */
  place: string;
  /** What the namespace is, for the fix: `its sandbox`, `the overlay's namespace`, `the host`. */
  namespace: string;
  select: LinkSelection;
  /** Whose links they are: a wrong MTU is marked on it. */
  subject: PathSubject;
}

/** MTUs along a path and a DF ping at the network's MTU, judged as one step. */
export interface MtuCheck {
  kind: 'mtu';
  id: string;
  title: string;
  /** `the overlay front`, `the network front`. */
  networkLabel: string;
  mtu: number;
  reads: MtuRead[];
  /** The DF ping from the client to one backend; null when no backend runs. */
  probe: {
    queryId: string;
    where: string;
    target: string;
    address: string;
    size: number;
    /** The client that sent it: where a lost DF ping is marked. */
    subject: PathSubject;
  } | null;
}

/** Adds a query for a node once and returns its id (the planner's own query list). */
export type AddQuery = (node: NodeRef, query: DiagnosticQuery) => string;

export interface MtuPath {
  source: SandboxRef;
  /** The client's endpoint on `network`. */
  sourceEndpoint: EndpointRef;
  network: NetworkRef;
  /** The network as the client's host must realise it (its MTU, bridge name). */
  desired: DesiredNetwork | undefined;
  /** Running backends on the network, each with its endpoint there. */
  backends: { sandbox: SandboxRef; endpoint: EndpointRef; label: string }[];
  sourceLabel: string;
}

/** The MTU every link of the network carries, as the desired state says; null: none set. */
export function networkMtu(desired: DesiredNetwork | undefined): number | null {
  return desired?.overlay?.mtu ?? desired?.bridge?.mtu ?? desired?.macvlan?.mtu ?? null;
}

function readLinks(
  add: AddQuery,
  node: NodeRef,
  id: string,
  where: Extract<DiagnosticQuery, { kind: 'read' }>['where'],
): string {
  return add(node, { id, kind: 'read', where, fact: 'links' });
}

/**
 * The MTU step of a path: the client's and each backend's interface on the network, the network's
 * own links on every host on the way (an overlay's br0, vx- device and veths; a bridge and its
 * ports), each host's underlay for an overlay, then a ping from the client to a backend at the
 * network's MTU with DF set. Undefined when the network sets no MTU (host, null, macvlan default).
 */
export function planMtu(path: MtuPath, add: AddQuery): MtuCheck | undefined {
  const mtu = networkMtu(path.desired);
  if (mtu === null) return undefined;
  const { network, source } = path;
  const overlay = network.driver === 'overlay';
  const networkLabel = `the ${overlay ? 'overlay' : 'network'} ${network.name}`;
  const reads: MtuRead[] = [
    {
      queryId: readLinks(add, source.node, `mtu:sandbox:${source.id}`, {
        scope: 'sandbox',
        sandboxId: source.id,
      }),
      place: path.sourceLabel,
      namespace: 'its sandbox',
      select: { by: 'address', address: path.sourceEndpoint.address },
      subject: sandboxSubject(source),
    },
  ];
  const nodes = new Map<string, NodeRef>([[source.node.id, source.node]]);
  for (const { sandbox } of path.backends) nodes.set(sandbox.node.id, sandbox.node);
  const bridge = overlay ? 'br0' : path.desired?.bridge?.interfaceName;
  for (const node of nodes.values()) {
    if (bridge !== undefined) {
      reads.push({
        queryId: readLinks(add, node, `mtu:network:${network.id}@${node.id}`, {
          scope: 'network',
          networkId: network.id,
        }),
        place: node.name,
        namespace: overlay ? `${networkLabel}'s namespace` : 'the host',
        select: { by: 'bridge', bridge, also: overlay ? [`vx-${network.vni ?? ''}`] : [] },
        subject: networkSubject(network, node),
      });
    }
    if (overlay) {
      reads.push({
        queryId: readLinks(add, node, `mtu:host@${node.id}`, { scope: 'host' }),
        place: node.name,
        namespace: 'the host',
        select: { by: 'underlay', address: node.underlay },
        subject: nodeSubject(node),
      });
    }
  }
  for (const { sandbox, endpoint, label } of path.backends) {
    reads.push({
      queryId: readLinks(add, sandbox.node, `mtu:sandbox:${sandbox.id}`, {
        scope: 'sandbox',
        sandboxId: sandbox.id,
      }),
      place: label,
      namespace: 'its sandbox',
      select: { by: 'address', address: endpoint.address },
      subject: sandboxSubject(sandbox),
    });
  }
  // Across hosts if any backend is elsewhere: that is where VXLAN and the underlay are crossed.
  const target =
    path.backends.find((backend) => backend.sandbox.node.id !== source.node.id) ?? path.backends[0];
  const size = mtu - pingHeaders;
  const probe =
    target === undefined
      ? null
      : {
          queryId: add(source.node, {
            id: 'mtu:df-ping',
            kind: 'probe',
            sandboxId: source.id,
            probe: {
              tool: 'ping',
              host: target.endpoint.address,
              count: 2,
              size,
              dontFragment: true,
            },
          }),
          where: `sandbox of ${path.sourceLabel}`,
          target: target.label,
          address: target.endpoint.address,
          size,
          subject: sandboxSubject(source),
        };
  return { kind: 'mtu', id: 'mtu', title: `MTU ${mtu} along the path`, networkLabel, mtu, reads, probe };
}
