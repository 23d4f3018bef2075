import type { Capability, DesiredNetwork, DesiredSandbox, DesiredState } from '@switchyard/contracts';
import { isManaged, linkView, type Attachment, type LinkView } from '../drivers/driver.js';
import { driverFor } from '../drivers/registry.js';
import type { BatchTool } from '../osl/batch.js';
import type { DataplaneSnapshot } from '../osl/dataplane.js';
import { missingConnectedRoutes } from './connected-routes.js';

/**
 * Lines for one object (`network/<id>`, `sandbox/<id>`) in one namespace (undefined: host), run by
 * `ip` unless `tool` says `bridge`.
 */
export interface Step {
  object: string;
  netns: string | undefined;
  lines: string[];
  tool?: BatchTool;
}

/** Everything to change, in the order it must run. */
export interface NetPlan {
  /** Namespaces this agent created that no desired sandbox has. */
  staleNamespaces: string[];
  /** Host links carrying the agent's alias that no desired object owns. */
  staleLinks: string[];
  /** Namespaces to create: sandboxes' and networks' own (overlay); made before any line runs. */
  newNamespaces: { object: string; netns: string }[];
  /** In networks' own namespaces, before the host lines: links in the way. */
  networkSpacesBefore: Step[];
  networks: Step[];
  /** In networks' own namespaces after the host lines: `ip` lines, then `bridge` (FDB) lines. */
  networkSpaces: Step[];
  /**
   * Stale interfaces inside sandboxes and networks' namespaces, removed before the host creates
   * their replacements.
   */
  insideBefore: Step[];
  endpointsHost: Step[];
  /** Endpoint lines in networks' own namespaces (attaching a veth to the overlay bridge). */
  endpointsSpace: Step[];
  inside: Step[];
  /** Objects that cannot be realised, with why. */
  errors: Map<string, string>;
  /** Every object that gets a condition, in report order. */
  objects: string[];
}

export const networkObject = (network: DesiredNetwork) => `network/${network.id}`;
export const sandboxObject = (sandbox: DesiredSandbox) => `sandbox/${sandbox.id}`;

/** Adds a step unless it has no lines. */
function push(steps: Step[], step: Step): void {
  if (step.lines.length > 0) steps.push(step);
}

/** The namespaces of desired networks that live in their own (overlay), by network id. */
export function networkNamespaces(document: Pick<DesiredState, 'networks'>): Map<string, string> {
  const found = new Map<string, string>();
  for (const network of document.networks) {
    const netns = driverFor(network)?.networkNamespace(network);
    if (netns !== undefined) found.set(network.id, netns);
  }
  return found;
}

/** Every endpoint of the document with its network, in document order. */
function attachmentsOf(document: DesiredState, networks: ReadonlyMap<string, DesiredNetwork>): Attachment[] {
  return document.sandboxes.flatMap((sandbox) =>
    sandbox.endpoints.flatMap((endpoint) => {
      const network = networks.get(endpoint.networkId);
      return network === undefined ? [] : [{ sandbox, endpoint, network }];
    }),
  );
}

/** Adds a network's steps to the plan; returns why it cannot be realised, if it cannot. */
function planNetwork(
  plan: NetPlan,
  network: DesiredNetwork,
  snapshot: DataplaneSnapshot,
  host: LinkView,
  capabilities: ReadonlySet<Capability> | undefined,
): string | undefined {
  const object = networkObject(network);
  const driver = driverFor(network);
  if (driver === undefined) return `this agent has no ${network.driver} driver`;
  const netns = driver.networkNamespace(network);
  if (netns !== undefined && !snapshot.namespaces.has(netns)) plan.newNamespaces.push({ object, netns });
  const space = netns === undefined ? undefined : snapshot.spaces.get(netns);
  const step = driver.planNetwork(network, { host, space, capabilities });
  if (step.error !== undefined) return step.error;
  push(plan.networks, { object, netns: undefined, lines: step.lines });
  if (netns !== undefined) {
    push(plan.networkSpacesBefore, { object, netns, lines: step.spaceBefore ?? [] });
    push(plan.networkSpaces, { object, netns, lines: step.space ?? [] });
    push(plan.networkSpaces, { object, netns, lines: step.fdb ?? [], tool: 'bridge' });
  }
  return undefined;
}

/**
 * The plan that takes the kernel from `snapshot` to `document`; pure. With `scope` (sandbox ids),
 * only those sandboxes are planned, on networks taken to be as the last full pass left them, from a
 * snapshot that need hold only the host's links and their namespaces; nothing is taken for stale.
 */
export function planNet(
  document: DesiredState,
  snapshot: DataplaneSnapshot,
  recorded: readonly string[],
  capabilities?: ReadonlySet<Capability>,
  scope?: ReadonlySet<string>,
): NetPlan {
  const plan: NetPlan = {
    staleNamespaces: [],
    staleLinks: [],
    newNamespaces: [],
    networkSpacesBefore: [],
    networks: [],
    networkSpaces: [],
    insideBefore: [],
    endpointsHost: [],
    endpointsSpace: [],
    inside: [],
    errors: new Map(),
    objects: [],
  };
  const host = linkView(snapshot.host);
  const owned = new Set<string>();
  const networks = new Map(document.networks.map((network) => [network.id, network]));
  const spaces = networkNamespaces(document);
  const wanted = new Set<string>(spaces.values());

  for (const network of document.networks) {
    driverFor(network)
      ?.networkLinks(network)
      .forEach((name) => owned.add(name));
    if (scope !== undefined) continue;
    const object = networkObject(network);
    plan.objects.push(object);
    const error = planNetwork(plan, network, snapshot, host, capabilities);
    if (error !== undefined) plan.errors.set(object, error);
  }

  const context: SandboxContext = {
    networks,
    spaces,
    host,
    snapshot,
    owned,
    attachments: attachmentsOf(document, networks),
  };
  for (const sandbox of document.sandboxes) {
    if (scope !== undefined && !scope.has(sandbox.id)) continue;
    const object = sandboxObject(sandbox);
    plan.objects.push(object);
    const error = planSandbox(plan, sandbox, context);
    if (error !== undefined) plan.errors.set(object, error);
    if (sandbox.netns !== null) wanted.add(sandbox.netns);
  }
  if (scope !== undefined) return plan;

  // Endpoint veths left in a network's namespace by an endpoint that went away.
  for (const [networkId, netns] of spaces) {
    const network = networks.get(networkId);
    const stale = (snapshot.spaces.get(netns)?.links ?? [])
      .filter((link) => isManaged(link) && !owned.has(link.name))
      .map((link) => `link del ${link.name}`);
    if (network !== undefined)
      push(plan.insideBefore, { object: networkObject(network), netns, lines: stale });
  }

  plan.staleNamespaces = recorded.filter((name) => !wanted.has(name) && snapshot.namespaces.has(name)).sort();
  plan.staleLinks = snapshot.host
    .filter((link) => isManaged(link) && !owned.has(link.name))
    // Endpoints before bridges, so a bridge goes last.
    .sort((a, b) => Number(a.kind === 'bridge') - Number(b.kind === 'bridge') || a.name.localeCompare(b.name))
    .map((link) => link.name);
  return plan;
}

interface SandboxContext {
  networks: ReadonlyMap<string, DesiredNetwork>;
  /** Networks' own namespaces by network id. */
  spaces: ReadonlyMap<string, string>;
  host: LinkView;
  snapshot: DataplaneSnapshot;
  /** Links owned by desired objects; grows as endpoints are planned. */
  owned: Set<string>;
  attachments: readonly Attachment[];
}

/** Adds a sandbox's steps to the plan; returns why it cannot be plumbed, if it cannot. */
function planSandbox(plan: NetPlan, sandbox: DesiredSandbox, context: SandboxContext): string | undefined {
  const { networks, spaces, host, snapshot, owned, attachments } = context;
  const object = sandboxObject(sandbox);
  const { netns } = sandbox;
  if (netns === null) {
    const plumbed = sandbox.endpoints
      .map((e) => networks.get(e.networkId)?.driver)
      .find((driver) => driver !== undefined && driver !== 'host' && driver !== 'null');
    return plumbed === undefined
      ? undefined
      : `a host-mode sandbox cannot have endpoints on ${plumbed} networks`;
  }
  const observed = snapshot.sandboxes.get(netns);
  if (!snapshot.namespaces.has(netns)) plan.newNamespaces.push({ object, netns });
  const inside = linkView(observed?.links ?? []);
  const before: string[] = [];
  const hostLines: string[] = [];
  const spaceSteps: { before: Step[]; after: Step[] } = { before: [], after: [] };
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
    const spaceName = spaces.get(network.id);
    const space = linkView(
      (spaceName === undefined ? undefined : snapshot.spaces.get(spaceName))?.links ?? [],
    );
    const step = driver.planEndpoint({
      sandbox: { ...sandbox, netns },
      endpoint,
      network,
      host,
      inside,
      space,
      attachments,
    });
    if (step.error !== undefined) {
      problems.push(step.error);
      continue;
    }
    if (spaceName !== undefined) {
      push(spaceSteps.before, { object, netns: spaceName, lines: step.spaceBefore });
      push(spaceSteps.after, { object, netns: spaceName, lines: step.space });
    }
    before.push(...step.insideBefore);
    hostLines.push(...step.host);
    insideLines.push(...step.inside);
    touched ||= step.touched;
    gateway ??= driver.gateway(network, endpoint);
  }

  // An address's connected route deleted by hand; an endpoint touched now gets its routes anew.
  if (!touched && observed?.routes !== undefined) {
    insideLines.push(...missingConnectedRoutes(observed.links, observed.routes));
  }
  // The first endpoint that offers a gateway routes the sandbox out; readdressing drops routes.
  if (gateway !== null && (gateway !== observed?.defaultGateway || touched)) {
    insideLines.push(`route replace default via ${gateway}`);
  } else if (gateway === null && observed !== undefined && observed.defaultGateway !== null) {
    insideLines.push('route del default');
  }
  push(plan.insideBefore, { object, netns, lines: before });
  plan.insideBefore.push(...spaceSteps.before);
  push(plan.endpointsHost, { object, netns: undefined, lines: hostLines });
  plan.endpointsSpace.push(...spaceSteps.after);
  push(plan.inside, { object, netns, lines: insideLines });
  return problems.length > 0 ? problems.join('; ') : undefined;
}
