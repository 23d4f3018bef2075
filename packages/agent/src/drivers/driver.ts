import type { Capability, DesiredEndpoint, DesiredNetwork, DesiredSandbox } from '@switchyard/contracts';
import type { LinkState } from '../osl/links.js';
import type { NetworkSpace } from '../osl/space.js';

/** Links the agent creates carry this alias, so leftovers are found without touching anyone else's. */
export const managedAlias = 'switchyard';

export function isManaged(link: LinkState): boolean {
  return link.alias === managedAlias;
}

/** Links of one namespace by name. */
export type LinkView = ReadonlyMap<string, LinkState>;

export function linkView(links: readonly LinkState[]): LinkView {
  return new Map(links.map((link) => [link.name, link]));
}

/** What a network planner sees of the kernel. */
export interface NetworkContext {
  host: LinkView;
  /** The network's own namespace as read back; undefined when it has none or it is not made yet. */
  space: NetworkSpace | undefined;
  /** What the node's kernel can do; undefined when not detected (then the kernel is just tried). */
  capabilities: ReadonlySet<Capability> | undefined;
}

/** Lines that bring one network to its desired state, by where and when they run. */
export interface NetworkPlan {
  /** `ip` lines in the host namespace. */
  lines: string[];
  /** `ip` lines in the network's own namespace, before the host lines (removing what is in the way). */
  spaceBefore?: string[];
  /** `ip` lines in the network's own namespace, after the host lines. */
  space?: string[];
  /** `bridge` lines (VXLAN FDB) in the network's own namespace, after `space`. */
  fdb?: string[];
  /** Why the network cannot be realised at all (its lines are then empty). */
  error?: string;
}

/** One endpoint of the whole document with its network: drivers that limit children per parent count them. */
export interface Attachment {
  sandbox: DesiredSandbox;
  endpoint: DesiredEndpoint;
  network: DesiredNetwork;
}

export interface EndpointInput {
  sandbox: DesiredSandbox & { netns: string };
  endpoint: DesiredEndpoint;
  network: DesiredNetwork;
  host: LinkView;
  /** Links inside the sandbox's namespace (empty for a namespace about to be created). */
  inside: LinkView;
  /** Links of the network's own namespace (empty when it has none). */
  space: LinkView;
  /** Every endpoint of the document, in document order. */
  attachments: readonly Attachment[];
}

/** `ip` batch lines for one endpoint, by where and when they run. */
export interface EndpointPlan {
  /** Inside the sandbox, before the host lines: removes a stale interface that is in the way. */
  insideBefore: string[];
  /** In the network's own namespace, before the host lines. */
  spaceBefore: string[];
  host: string[];
  /** In the network's own namespace, after the host lines. */
  space: string[];
  inside: string[];
  /** The sandbox interface was (re)made or readdressed: routes through it must be set again. */
  touched: boolean;
  /** Why this endpoint cannot be plumbed (its lines are then empty). */
  error?: string;
}

/** Lines that change a network's remote peers, run in the network's own namespace. */
export interface PeerChange {
  netns: string;
  /** `ip` lines: static neighbours. */
  neigh: string[];
  /** `bridge` lines: FDB entries, after the neighbours. */
  fdb: string[];
}

/**
 * A network driver (libnetwork's shape, as pure planners): it looks at what the kernel has and says
 * what to run. Running the lines, reading the kernel back and removing leftovers are generic.
 */
export interface Driver {
  /** The namespace this network lives in on this node (overlay), created and removed with it. */
  networkNamespace(network: DesiredNetwork): string | undefined;
  /** Host-namespace links this network owns while it is desired. */
  networkLinks(network: DesiredNetwork): string[];
  planNetwork(network: DesiredNetwork, context: NetworkContext): NetworkPlan;
  /** Links (host or network namespace) an endpoint on this network owns. */
  endpointLinks(sandbox: DesiredSandbox, endpoint: DesiredEndpoint): string[];
  planEndpoint(input: EndpointInput): EndpointPlan;
  /** The default gateway an endpoint on this network offers its sandbox, or null. */
  gateway(network: DesiredNetwork, endpoint: DesiredEndpoint): string | null;
  /**
   * Drivers whose networks know peers on other nodes (overlay): the lines that take `network` from
   * the peers it had as last applied (`applied`) to its own, trusting the kernel to hold what was
   * applied (a push between resyncs; the resync reads the entries back). Undefined: nothing to do.
   */
  planPeerChange?(network: DesiredNetwork, applied: DesiredNetwork): PeerChange | undefined;
}

export const emptyEndpointPlan: EndpointPlan = {
  insideBefore: [],
  spaceBefore: [],
  host: [],
  space: [],
  inside: [],
  touched: false,
};

export function failedEndpoint(error: string): EndpointPlan {
  return { ...emptyEndpointPlan, error };
}
