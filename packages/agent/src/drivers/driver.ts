import type { DesiredEndpoint, DesiredNetwork, DesiredSandbox } from '@switchyard/contracts';
import type { LinkState } from '../osl/links.js';

/** Links the agent creates carry this alias, so leftovers are found without touching anyone else's. */
export const managedAlias = 'switchyard';

export function isManaged(link: LinkState): boolean {
  return link.alias === managedAlias;
}

/** Links of one namespace by name. */
export type LinkView = ReadonlyMap<string, LinkState>;

/** `ip` batch lines that bring one network to its desired state in the host namespace. */
export interface NetworkPlan {
  lines: string[];
  /** Why the network cannot be realised at all (its lines are then empty). */
  error?: string;
}

export interface EndpointInput {
  sandbox: DesiredSandbox & { netns: string };
  endpoint: DesiredEndpoint;
  network: DesiredNetwork;
  host: LinkView;
  /** Links inside the sandbox's namespace (empty for a namespace about to be created). */
  inside: LinkView;
}

/** `ip` batch lines for one endpoint, by where and when they run. */
export interface EndpointPlan {
  /** Inside the sandbox, before the host lines: removes a stale interface that is in the way. */
  insideBefore: string[];
  host: string[];
  inside: string[];
  /** The sandbox interface was (re)made or readdressed: routes through it must be set again. */
  touched: boolean;
}

/**
 * A network driver (libnetwork's shape, as pure planners): it looks at what the kernel has and says
 * what to run. Running the lines, reading the kernel back and removing leftovers are generic.
 */
export interface Driver {
  /** Host-namespace links this network owns while it is desired. */
  networkLinks(network: DesiredNetwork): string[];
  planNetwork(network: DesiredNetwork, host: LinkView): NetworkPlan;
  /** Host-namespace links an endpoint on this network owns. */
  endpointLinks(sandbox: DesiredSandbox, endpoint: DesiredEndpoint): string[];
  planEndpoint(input: EndpointInput): EndpointPlan;
  /** The default gateway an endpoint on this network offers its sandbox, or null. */
  gateway(network: DesiredNetwork, endpoint: DesiredEndpoint): string | null;
}

export const emptyEndpointPlan: EndpointPlan = { insideBefore: [], host: [], inside: [], touched: false };
