import type { DesiredNetwork, DesiredSandbox, DesiredState } from '@switchyard/contracts';
import { isManaged, type LinkView } from '../drivers/driver.js';
import { driverFor } from '../drivers/registry.js';
import type { LinkState } from '../osl/links.js';
import type { DataplaneSnapshot } from './dataplane.js';

/** `ip` lines for one object (`network/<id>`, `sandbox/<id>`) in one namespace (undefined: host). */
export interface Step {
  object: string;
  netns: string | undefined;
  lines: string[];
}

/** Everything to change, in the order it must run. */
export interface NetPlan {
  /** Namespaces this agent created that no desired sandbox has. */
  staleNamespaces: string[];
  /** Host links carrying the agent's alias that no desired object owns. */
  staleLinks: string[];
  networks: Step[];
  newNamespaces: { object: string; netns: string }[];
  /** Stale interfaces inside sandboxes, removed before the host creates their replacements. */
  insideBefore: Step[];
  endpointsHost: Step[];
  inside: Step[];
  /** Objects that cannot be realised, with why. */
  errors: Map<string, string>;
  /** Every object that gets a condition, in report order. */
  objects: string[];
}

export const networkObject = (network: DesiredNetwork) => `network/${network.id}`;
export const sandboxObject = (sandbox: DesiredSandbox) => `sandbox/${sandbox.id}`;

function view(links: readonly LinkState[]): LinkView {
  return new Map(links.map((link) => [link.name, link]));
}

/** The plan that takes the kernel from `snapshot` to `document`; pure. */
export function planNet(
  document: DesiredState,
  snapshot: DataplaneSnapshot,
  recorded: readonly string[],
): NetPlan {
  const plan: NetPlan = {
    staleNamespaces: [],
    staleLinks: [],
    networks: [],
    newNamespaces: [],
    insideBefore: [],
    endpointsHost: [],
    inside: [],
    errors: new Map(),
    objects: [],
  };
  const host = view(snapshot.host);
  const owned = new Set<string>();
  const networks = new Map(document.networks.map((network) => [network.id, network]));

  for (const network of document.networks) {
    const object = networkObject(network);
    plan.objects.push(object);
    const driver = driverFor(network);
    if (driver === undefined) {
      plan.errors.set(object, `this agent has no ${network.driver} driver`);
      continue;
    }
    driver.networkLinks(network).forEach((name) => owned.add(name));
    const step = driver.planNetwork(network, host);
    if (step.error !== undefined) plan.errors.set(object, step.error);
    else if (step.lines.length > 0) plan.networks.push({ object, netns: undefined, lines: step.lines });
  }

  const wanted = new Set<string>();
  for (const sandbox of document.sandboxes) {
    const object = sandboxObject(sandbox);
    plan.objects.push(object);
    const error = planSandbox(plan, sandbox, networks, host, snapshot, owned);
    if (error !== undefined) plan.errors.set(object, error);
    if (sandbox.netns !== null) wanted.add(sandbox.netns);
  }

  plan.staleNamespaces = recorded.filter((name) => !wanted.has(name) && snapshot.namespaces.has(name)).sort();
  plan.staleLinks = snapshot.host
    .filter((link) => isManaged(link) && !owned.has(link.name))
    // Endpoints before bridges, so a bridge goes last.
    .sort((a, b) => Number(a.kind === 'bridge') - Number(b.kind === 'bridge') || a.name.localeCompare(b.name))
    .map((link) => link.name);
  return plan;
}

/** Adds a sandbox's steps to the plan; returns why it cannot be plumbed, if it cannot. */
function planSandbox(
  plan: NetPlan,
  sandbox: DesiredSandbox,
  networks: ReadonlyMap<string, DesiredNetwork>,
  host: LinkView,
  snapshot: DataplaneSnapshot,
  owned: Set<string>,
): string | undefined {
  const object = sandboxObject(sandbox);
  const { netns } = sandbox;
  if (netns === null) {
    const plumbed = sandbox.endpoints.filter((e) => networks.get(e.networkId)?.driver === 'bridge');
    return plumbed.length > 0 ? 'a host-mode sandbox cannot have endpoints on bridge networks' : undefined;
  }
  const observed = snapshot.sandboxes.get(netns);
  if (!snapshot.namespaces.has(netns)) plan.newNamespaces.push({ object, netns });
  const inside = view(observed?.links ?? []);
  const before: string[] = [];
  const hostLines: string[] = [];
  const insideLines: string[] = inside.get('lo')?.up === true ? [] : ['link set lo up'];
  let touched = false;
  let gateway: string | null = null;
  const problems: string[] = [];

  for (const endpoint of sandbox.endpoints) {
    const network = networks.get(endpoint.networkId);
    const driver = network === undefined ? undefined : driverFor(network);
    if (network === undefined || driver === undefined) {
      problems.push(`network ${endpoint.networkId} is not in this node's document`);
      continue;
    }
    if (plan.errors.has(networkObject(network))) {
      problems.push(`network ${network.name} is not ready`);
      continue;
    }
    driver.endpointLinks(sandbox, endpoint).forEach((name) => owned.add(name));
    const step = driver.planEndpoint({ sandbox: { ...sandbox, netns }, endpoint, network, host, inside });
    before.push(...step.insideBefore);
    hostLines.push(...step.host);
    insideLines.push(...step.inside);
    touched ||= step.touched;
    gateway ??= driver.gateway(network, endpoint);
  }

  // The first endpoint that offers a gateway routes the sandbox out; readdressing drops routes.
  if (gateway !== null && (gateway !== observed?.defaultGateway || touched)) {
    insideLines.push(`route replace default via ${gateway}`);
  } else if (gateway === null && observed !== undefined && observed.defaultGateway !== null) {
    insideLines.push('route del default');
  }
  if (before.length > 0) plan.insideBefore.push({ object, netns, lines: before });
  if (hostLines.length > 0) plan.endpointsHost.push({ object, netns: undefined, lines: hostLines });
  if (insideLines.length > 0) plan.inside.push({ object, netns, lines: insideLines });
  return problems.length > 0 ? problems.join('; ') : undefined;
}
