import type { DiagnosticQuery, PathStep, PathSubject, ProbeSpec } from '@switchyard/contracts';
import type { AuditNamespace } from './audit/audit-types.js';
import type { EndpointRef, NetworkRef, NodeRef, PathFacts, SandboxRef } from './path-facts.js';
import { planMtu, type MtuCheck } from './mtu/mtu-plan.js';
import { nodeSubject, sandboxSubject, serviceSubject, shortName } from './path-subject.js';

export { shortName } from './path-subject.js';

/** One address the desired state says a name or a VIP leads to, and whose it is. */
export interface Expected {
  address: string;
  label: string;
}

/** A remote endpoint an overlay must know on `node`: its MAC behind `underlay`, its address. */
export interface OverlayPeer {
  label: string;
  address: string;
  mac: string;
  underlay: string;
}

/** A hop of the path and how to judge it once the agents have answered. */
export type PathCheck =
  | { kind: 'fixed'; step: PathStep }
  | {
      kind: 'dns';
      id: string;
      title: string;
      where: string;
      subject: PathSubject;
      queryId: string;
      name: string;
      expected: Expected[];
    }
  | {
      kind: 'vip';
      id: string;
      title: string;
      where: string;
      subject: PathSubject;
      queryId: string;
      service: string;
      vip: string;
      ports: { protocol: string; port: number }[];
      backends: Expected[];
    }
  | {
      kind: 'overlay';
      id: string;
      title: string;
      node: NodeRef;
      network: NetworkRef;
      fdbQueryId: string;
      neighbourQueryId: string;
      peer: OverlayPeer;
    }
  | { kind: 'audit'; id: string; title: string; audit: AuditNamespace }
  | {
      kind: 'connect';
      id: string;
      title: string;
      where: string;
      subject: PathSubject;
      queryId: string;
      target: string;
      probe: ProbeSpec;
    }
  | MtuCheck;

export interface PathPlan {
  checks: PathCheck[];
  /** What to ask each node's agent, by node id. */
  queries: Map<string, DiagnosticQuery[]>;
}

export const sandboxLabel = (sandbox: SandboxRef) =>
  `${sandbox.kind === 'task' ? 'task ' : ''}${shortName(sandbox)} on ${sandbox.node.name}`;
const sandboxWhere = (sandbox: SandboxRef) => `sandbox of ${shortName(sandbox)} on ${sandbox.node.name}`;
export const overlayLabel = (network: NetworkRef) => `the overlay ${network.name} (vx-${network.vni ?? '?'})`;

function fixed(
  id: string,
  title: string,
  status: PathStep['status'],
  message: string,
  subject?: PathSubject,
): PathCheck {
  const step: PathStep = { id, title, status, message, detail: null };
  return { kind: 'fixed', step: subject === undefined ? step : { ...step, subject } };
}

function listNames(ids: readonly string[], networks: PathFacts['networks']): string {
  const names = ids.map((id) => networks.get(id)?.name ?? id.slice(0, 12));
  return names.length === 0 ? 'no network' : names.join(', ');
}

/** Networks both are on, name resolution first: user-defined networks before bridge and ingress. */
export function sharedNetwork(facts: PathFacts, targetNetworks: readonly string[]): NetworkRef | undefined {
  const mine = new Set(facts.source.endpoints.map((endpoint) => endpoint.networkId));
  const shared = targetNetworks
    .filter((id) => mine.has(id))
    .flatMap((id) => facts.networks.get(id) ?? [])
    .sort((a, b) => Number(a.predefined || a.ingress) - Number(b.predefined || b.ingress));
  return shared[0];
}

export function targetNetworks(facts: PathFacts): string[] {
  return facts.target.kind === 'service'
    ? facts.target.service.networkIds
    : facts.target.sandbox.endpoints.map((endpoint) => endpoint.networkId);
}

/** Who answers on the network: the service's live tasks, or the container itself. */
export function backendsOn(
  facts: PathFacts,
  networkId: string,
): { sandbox: SandboxRef; endpoint: EndpointRef }[] {
  const sandboxes = facts.target.kind === 'service' ? facts.target.service.tasks : [facts.target.sandbox];
  return sandboxes.flatMap((sandbox) => {
    const endpoint = sandbox.endpoints.find((candidate) => candidate.networkId === networkId);
    return endpoint === undefined ? [] : [{ sandbox, endpoint }];
  });
}

/** A task takes traffic while it runs and its health check (if any) has passed. */
function serving(sandbox: SandboxRef): boolean {
  return sandbox.status === 'running' && (sandbox.health === null || sandbox.health === 'healthy');
}

export function judgeBackend(sandbox: SandboxRef): PathCheck {
  const label = sandboxLabel(sandbox);
  const title = `${sandbox.kind === 'task' ? 'Task' : 'Container'} ${shortName(sandbox)}`;
  const id = `backend:${sandbox.name}`;
  const subject = sandboxSubject(sandbox);
  if (sandbox.status !== 'running') {
    const exit = sandbox.exitCode === null ? '' : ` (exit code ${sandbox.exitCode})`;
    return fixed(id, title, 'broken', `${label} is ${sandbox.status}${exit}, not running`, subject);
  }
  if (sandbox.health === 'unhealthy') {
    return fixed(
      id,
      title,
      'broken',
      `${label} runs but is unhealthy: it is left out of DNS and the VIP`,
      subject,
    );
  }
  if (sandbox.health === 'starting') {
    return fixed(
      id,
      title,
      'broken',
      `${label} runs but its health check has not passed yet: it takes no traffic`,
      subject,
    );
  }
  const health = sandbox.health === 'healthy' ? ' and healthy' : '';
  return fixed(id, title, 'ok', `${label} is running${health}`, subject);
}

const remainingTitles = ['DNS', 'VIP rule', 'Backends', 'Overlay peers', 'MTU', 'Connect'];

function skipRest(checks: PathCheck[], reason: string): PathPlan {
  for (const title of remainingTitles) {
    checks.push(fixed(`skipped:${title}`, title, 'skipped', `skipped: ${reason}`));
  }
  return { checks, queries: new Map() };
}

class Queries {
  readonly byNode = new Map<string, DiagnosticQuery[]>();

  add(node: NodeRef, query: DiagnosticQuery): string {
    const list = this.byNode.get(node.id) ?? [];
    if (!list.some((existing) => existing.id === query.id)) list.push(query);
    this.byNode.set(node.id, list);
    return query.id;
  }
}

function addDns(facts: PathFacts, network: NetworkRef, queries: Queries, checks: PathCheck[]): void {
  const { source, targetName } = facts;
  const title = `DNS from ${shortName(source)}`;
  const desired = facts.sourceDocument.sandboxes.find((sandbox) => sandbox.id === source.id);
  if (desired === undefined) {
    checks.push(
      fixed(
        'dns',
        title,
        'broken',
        `the desired state of ${source.node.name} has no sandbox ${shortName(source)}`,
        sandboxSubject(source),
      ),
    );
    return;
  }
  if (network.predefined || network.ingress || !desired.dns.embedded) {
    checks.push(
      fixed(
        'dns',
        title,
        'skipped',
        `the network ${network.name} has no name resolution (as in Docker): ${shortName(source)} reaches ${targetName} by address`,
      ),
    );
    return;
  }
  const labels = new Map<string, string>();
  if (facts.target.kind === 'service') {
    const { service } = facts.target;
    for (const vip of service.vips) {
      labels.set(
        vip.address,
        `the VIP of ${service.name} on ${facts.networks.get(vip.networkId)?.name ?? vip.networkId}`,
      );
    }
    for (const task of service.tasks) {
      for (const endpoint of task.endpoints) labels.set(endpoint.address, `task ${shortName(task)}`);
    }
  } else {
    for (const endpoint of facts.target.sandbox.endpoints)
      labels.set(endpoint.address, facts.target.sandbox.name);
  }
  const expected = desired.dns.records
    .filter((record) => record.name === targetName)
    .map((record) => ({ address: record.address, label: labels.get(record.address) ?? record.address }));
  const queryId = queries.add(source.node, {
    id: 'dns',
    kind: 'probe',
    sandboxId: source.id,
    probe: { tool: 'dns', name: targetName, type: 'A' },
  });
  checks.push({
    kind: 'dns',
    id: 'dns',
    title,
    where: sandboxWhere(source),
    subject: sandboxSubject(source),
    queryId,
    name: targetName,
    expected,
  });
}

function addVip(
  facts: PathFacts,
  network: NetworkRef,
  port: number | null,
  queries: Queries,
  checks: PathCheck[],
): string | null {
  if (facts.target.kind !== 'service') return null;
  const { service } = facts.target;
  if (service.endpointMode === 'dnsrr') {
    checks.push(
      fixed(
        'vip',
        'VIP rule',
        'skipped',
        `${service.name} uses DNS round robin (dnsrr): it has no VIP, ${shortName(facts.source)} connects to its tasks`,
      ),
    );
    return null;
  }
  const vip = service.vips.find((candidate) => candidate.networkId === network.id)?.address;
  if (vip === undefined) {
    checks.push(
      fixed(
        'vip',
        'VIP rule',
        'broken',
        `${service.name} has no VIP on ${network.name}`,
        serviceSubject(service),
      ),
    );
    return null;
  }
  const title = `VIP ${vip} in ${shortName(facts.source)}'s sandbox`;
  const ports = service.ports.filter((candidate) => port === null || candidate.port === port);
  if (ports.length === 0) {
    const listed = service.ports.map((candidate) => `${candidate.port}/${candidate.protocol}`).join(', ');
    checks.push(
      port === null
        ? fixed('vip', title, 'skipped', `${service.name} has no ports, so its VIP balances nothing`)
        : fixed(
            'vip',
            title,
            'broken',
            `${service.name} does not listen on port ${port}: its ports are ${listed}`,
            serviceSubject(service),
          ),
    );
    return vip;
  }
  const backends = service.tasks.filter(serving).flatMap((task) => {
    const endpoint = task.endpoints.find((candidate) => candidate.networkId === network.id);
    return endpoint === undefined ? [] : [{ address: endpoint.address, label: shortName(task) }];
  });
  const queryId = queries.add(facts.source.node, {
    id: 'lb',
    kind: 'read',
    where: { scope: 'sandbox', sandboxId: facts.source.id },
    fact: 'nft',
    table: { family: 'ip', name: 'switchyard_lb' },
  });
  checks.push({
    kind: 'vip',
    id: 'vip',
    title,
    where: sandboxWhere(facts.source),
    subject: sandboxSubject(facts.source),
    queryId,
    service: service.name,
    vip,
    ports,
    backends,
  });
  return vip;
}

function overlayCheck(
  queries: Queries,
  network: NetworkRef,
  node: NodeRef,
  peerOwner: SandboxRef,
  peer: EndpointRef,
  direction: string,
): PathCheck {
  const read = (fact: 'fdb' | 'neighbours') =>
    queries.add(node, {
      id: `${fact}@${node.id}`,
      kind: 'read',
      where: { scope: 'network', networkId: network.id },
      fact,
    });
  return {
    kind: 'overlay',
    id: `overlay:${direction}`,
    title: `${node.name} → ${shortName(peerOwner)} over ${network.name}`,
    node,
    network,
    fdbQueryId: read('fdb'),
    neighbourQueryId: read('neighbours'),
    peer: {
      label: sandboxLabel(peerOwner),
      address: peer.address,
      mac: peer.mac,
      underlay: peerOwner.node.underlay,
    },
  };
}

function addOverlay(
  facts: PathFacts,
  network: NetworkRef,
  backends: ReturnType<typeof backendsOn>,
  queries: Queries,
  checks: PathCheck[],
): void {
  if (network.driver !== 'overlay') return;
  const { source } = facts;
  const mine = source.endpoints.find((endpoint) => endpoint.networkId === network.id);
  if (mine === undefined) return;
  for (const { sandbox, endpoint } of backends) {
    if (sandbox.node.id === source.node.id) {
      checks.push(
        fixed(
          `overlay:${sandbox.name}`,
          `${source.node.name} → ${shortName(sandbox)} over ${network.name}`,
          'skipped',
          `${sandboxLabel(sandbox)} runs on the same host as ${shortName(source)}: no VXLAN hop`,
        ),
      );
      continue;
    }
    checks.push(
      overlayCheck(queries, network, source.node, sandbox, endpoint, `${shortName(source)}>${sandbox.name}`),
    );
    checks.push(
      overlayCheck(queries, network, sandbox.node, source, mine, `${sandbox.name}>${shortName(source)}`),
    );
  }
}

function addMtu(
  facts: PathFacts,
  network: NetworkRef,
  backends: ReturnType<typeof backendsOn>,
  queries: Queries,
  checks: PathCheck[],
): void {
  const sourceEndpoint = facts.source.endpoints.find((endpoint) => endpoint.networkId === network.id);
  if (sourceEndpoint === undefined) return;
  const check = planMtu(
    {
      source: facts.source,
      sourceEndpoint,
      network,
      desired: facts.sourceDocument.networks.find((candidate) => candidate.id === network.id),
      backends: backends
        .filter(({ sandbox }) => sandbox.status === 'running')
        .map((backend) => ({ ...backend, label: sandboxLabel(backend.sandbox) })),
      sourceLabel: sandboxLabel(facts.source),
    },
    (node, query) => queries.add(node, query),
  );
  if (check !== undefined) checks.push(check);
}

function connectProbe(host: string, port: number | null): ProbeSpec {
  return port === null ? { tool: 'ping', host, count: 2 } : { tool: 'tcp', host, port };
}

function addConnects(
  facts: PathFacts,
  vip: string | null,
  port: number | null,
  backends: ReturnType<typeof backendsOn>,
  queries: Queries,
  checks: PathCheck[],
): void {
  const { source } = facts;
  const where = sandboxWhere(source);
  const probe = (id: string, target: string, host: string, subject: PathSubject): PathCheck => {
    const spec = connectProbe(host, port);
    const queryId = queries.add(source.node, { id, kind: 'probe', sandboxId: source.id, probe: spec });
    const how = spec.tool === 'tcp' ? `${host}:${spec.port}` : `${host} (ping)`;
    return {
      kind: 'connect',
      id,
      title: `${shortName(source)} → ${how}`,
      where,
      subject,
      queryId,
      target,
      probe: spec,
    };
  };
  // Only a service has a VIP.
  if (vip !== null && facts.target.kind === 'service') {
    checks.push(
      port === null
        ? fixed(
            'connect:vip',
            `${shortName(source)} → VIP ${vip}`,
            'skipped',
            `${facts.targetName} has no TCP port to connect to`,
          )
        : probe('connect:vip', `the VIP of ${facts.targetName}`, vip, serviceSubject(facts.target.service)),
    );
  }
  for (const { sandbox, endpoint } of backends) {
    checks.push(
      probe(`connect:${sandbox.name}`, sandboxLabel(sandbox), endpoint.address, sandboxSubject(sandbox)),
    );
  }
}

/** The TCP port to try: the one asked for, else the service's first TCP port; null: ping. */
function portToTry(facts: PathFacts): number | null {
  if (facts.port !== null) return facts.port;
  if (facts.target.kind !== 'service') return null;
  return facts.target.service.ports.find((port) => port.protocol === 'tcp')?.port ?? null;
}

/**
 * The steps from A to B and what each needs the agents to read or run: A's own host, a shared
 * network, DNS, the VIP's rule in A's sandbox, each backend's state, the overlay peers both ways,
 * then connections from A. Pure: the facts come from the store, the answers later from the agents.
 */
export function planPath(facts: PathFacts): PathPlan {
  const { source } = facts;
  const checks: PathCheck[] = [];
  const sourceTitle = `${shortName(source)} on ${source.node.name}`;
  if (!source.node.connected) {
    checks.push(
      fixed(
        'source',
        sourceTitle,
        'broken',
        `${source.node.name}'s agent is not connected: nothing can run in ${shortName(source)}'s sandbox`,
        nodeSubject(source.node),
      ),
    );
    return skipRest(checks, `${source.node.name} is not connected`);
  }
  checks.push(
    fixed(
      'source',
      sourceTitle,
      'ok',
      source.status === 'running'
        ? `${sandboxLabel(source)} is running; its host's agent is connected`
        : `${sandboxLabel(source)} is ${source.status}; its sandbox is checked all the same`,
      nodeSubject(source.node),
    ),
  );
  const wanted = targetNetworks(facts);
  const network = sharedNetwork(facts, wanted);
  if (network === undefined) {
    const suggestion = wanted
      .map((id) => facts.networks.get(id))
      .find((candidate) => candidate && !candidate.ingress);
    const advice =
      suggestion === undefined
        ? ''
        : `: connect ${shortName(source)} to ${suggestion.name} (docker network connect ${suggestion.name} ${shortName(source)})`;
    checks.push(
      fixed(
        'network',
        'Shared network',
        'broken',
        `${shortName(source)} is on ${listNames(
          source.endpoints.map((e) => e.networkId),
          facts.networks,
        )} and ${facts.targetName} on ${listNames(wanted, facts.networks)}: they share no network${advice}`,
      ),
    );
    return skipRest(checks, `${shortName(source)} and ${facts.targetName} share no network`);
  }
  checks.push(
    fixed(
      'network',
      'Shared network',
      'ok',
      `${shortName(source)} and ${facts.targetName} are both on the ${network.driver} network ${network.name}`,
    ),
  );
  const queries = new Queries();
  const port = portToTry(facts);
  addDns(facts, network, queries, checks);
  const vip = addVip(facts, network, facts.port, queries, checks);
  const backends = backendsOn(facts, network.id);
  if (backends.length === 0) {
    checks.push(
      fixed('backends', 'Backends', 'broken', `${facts.targetName} has no running task on ${network.name}`),
    );
  }
  checks.push(...backends.map(({ sandbox }) => judgeBackend(sandbox)));
  addOverlay(facts, network, backends, queries, checks);
  addMtu(facts, network, backends, queries, checks);
  addConnects(facts, vip, port, backends, queries, checks);
  return { checks, queries: queries.byNode };
}
