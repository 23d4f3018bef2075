import type {
  DesiredNetwork,
  DesiredState,
  DiagnosticAnswer,
  DiagnosticQuery,
  FactKind,
  HostViewResult,
  HostViewSection,
  NamespaceRef,
  NftTableRef,
} from '@switchyard/contracts';
import { markRelevant, parseNftListing } from './nft-listing.js';
import type { NetworkRef, ServiceRef } from './path-facts.js';

const lbTable: NftTableRef = { family: 'ip', name: 'switchyard_lb' };
const ingressTable: NftTableRef = { family: 'ip', name: 'switchyard_ingress' };
const natTable: NftTableRef = { family: 'ip', name: 'switchyard_nat' };
const filterTable: NftTableRef = { family: 'inet', name: 'switchyard_filter' };

/** The agent names a service's chain in a load-balancer table after the first 12 characters of its id. */
const serviceChainName = (serviceId: string) => `svc-${serviceId.slice(0, 12)}`;

/** The routing mesh's chain for one published port, as the agent names it. */
const publishedChain = (port: { protocol: string; publishedPort: number }) =>
  `pub-${port.protocol}-${port.publishedPort}`;

export type HostViewSubject =
  { kind: 'network'; network: NetworkRef } | { kind: 'service'; service: ServiceRef };

export interface HostViewFacts {
  node: string;
  /** The node's desired document as compiled now: which namespaces hold what on this host. */
  document: Pick<DesiredState, 'sandboxes' | 'networks' | 'ingress'>;
  subject: HostViewSubject;
}

/** Which rows of a read to keep: those on one of `devices` (or enslaved to it); undefined keeps all. */
interface SectionPlan {
  title: string;
  reads: { fact: Exclude<FactKind, 'nft'>; queryId: string; devices?: string[] }[];
  tables: { queryId: string; needles: string[] }[];
  notes: string[];
}

export interface HostViewPlan {
  node: string;
  subject: HostViewResult['subject'];
  sections: SectionPlan[];
  queries: DiagnosticQuery[];
}

class Builder {
  readonly queries: DiagnosticQuery[] = [];
  readonly sections: SectionPlan[] = [];

  section(title: string): SectionPlan {
    const section: SectionPlan = { title, reads: [], tables: [], notes: [] };
    this.sections.push(section);
    return section;
  }

  read(section: SectionPlan, where: NamespaceRef, fact: Exclude<FactKind, 'nft'>, devices?: string[]): void {
    const id = `${section.title}|${fact}`;
    this.queries.push({ id, kind: 'read', where, fact });
    section.reads.push({ fact, queryId: id, ...(devices === undefined ? {} : { devices }) });
  }

  table(section: SectionPlan, where: NamespaceRef, table: NftTableRef, needles: string[]): void {
    const id = `${section.title}|${table.name}`;
    this.queries.push({ id, kind: 'read', where, fact: 'nft', table });
    section.tables.push({ queryId: id, needles });
  }
}

function overlaySection(builder: Builder, network: DesiredNetwork, reads: Exclude<FactKind, 'nft'>[]): void {
  const overlay = network.overlay;
  if (overlay === undefined) return;
  const section = builder.section(`Overlay namespace ${overlay.netns} (${network.name}, vx-${overlay.vni})`);
  for (const fact of reads) builder.read(section, { scope: 'network', networkId: network.id }, fact);
}

function planNetwork(builder: Builder, facts: HostViewFacts, network: NetworkRef): void {
  const desired = facts.document.networks.find((candidate) => candidate.id === network.id);
  if (desired === undefined) {
    builder
      .section(`Network ${network.name}`)
      .notes.push(`${network.name} is not on ${facts.node}: no container or task there is on it`);
    return;
  }
  if (desired.overlay !== undefined) {
    overlaySection(builder, desired, ['links', 'routes', 'neighbours', 'fdb']);
    if (network.ingress) {
      const section = builder.section('Host namespace: the routing mesh');
      const chains = (facts.document.ingress?.published ?? []).map((port) => publishedChain(port));
      builder.table(section, { scope: 'host' }, ingressTable, ['published', ...chains]);
    }
    return;
  }
  const host: NamespaceRef = { scope: 'host' };
  if (desired.bridge !== undefined) {
    const bridge = desired.bridge.interfaceName;
    const section = builder.section(`Host namespace: bridge ${bridge} (${network.name})`);
    for (const fact of ['links', 'routes', 'neighbours', 'fdb'] as const)
      builder.read(section, host, fact, [bridge]);
    // The bridge, its subnets and gateways, and the addresses of the sandboxes on it (their ports' DNATs).
    const attached = facts.document.sandboxes.flatMap((sandbox) =>
      sandbox.endpoints
        .filter((endpoint) => endpoint.networkId === network.id)
        .map((endpoint) => endpoint.address),
    );
    const needles = [
      bridge,
      ...desired.subnets.flatMap((subnet) => [subnet.subnet, subnet.gateway]),
      ...attached,
    ];
    builder.table(section, host, natTable, needles);
    builder.table(section, host, filterTable, needles);
    return;
  }
  const section = builder.section(`Host namespace (${network.name}, ${network.driver})`);
  const parent = desired.macvlan?.parent;
  builder.read(section, host, 'links', parent === undefined ? undefined : [parent]);
  builder.read(section, host, 'routes');
}

function planService(builder: Builder, facts: HostViewFacts, service: ServiceRef): void {
  const chain = serviceChainName(service.id);
  const backends = service.tasks.flatMap((task) => task.endpoints.map((endpoint) => endpoint.address));
  const balancing = facts.document.sandboxes.filter((sandbox) =>
    sandbox.virtualServices.some((virtual) => virtual.serviceId === service.id),
  );
  for (const sandbox of balancing) {
    const vips = sandbox.virtualServices
      .filter((virtual) => virtual.serviceId === service.id)
      .map((v) => v.vip);
    const section = builder.section(
      `Sandbox of ${sandbox.name} (${sandbox.netns ?? 'host namespace'}): ${service.name}'s VIP`,
    );
    builder.table(section, { scope: 'sandbox', sandboxId: sandbox.id }, lbTable, [chain, ...vips]);
  }
  const published = (facts.document.ingress?.published ?? []).filter((port) => port.serviceId === service.id);
  if (published.length > 0) {
    const section = builder.section(`Host namespace: ${service.name}'s published ports (routing mesh)`);
    const chains = published.map(publishedChain);
    builder.table(section, { scope: 'host' }, ingressTable, [...chains, ...backends]);
  }
  for (const network of facts.document.networks) {
    if (service.networkIds.includes(network.id)) overlaySection(builder, network, ['neighbours', 'fdb']);
  }
  if (builder.sections.length === 0) {
    builder
      .section(`Service ${service.name}`)
      .notes.push(
        `nothing on ${facts.node} balances or runs ${service.name}: no sandbox there is on its networks`,
      );
  }
}

/** What to read on one host to show a network or a service there. Pure. */
export function planHostView(facts: HostViewFacts): HostViewPlan {
  const builder = new Builder();
  if (facts.subject.kind === 'network') planNetwork(builder, facts, facts.subject.network);
  else planService(builder, facts, facts.subject.service);
  const subject =
    facts.subject.kind === 'network'
      ? { kind: 'network' as const, name: facts.subject.network.name }
      : { kind: 'service' as const, name: facts.subject.service.name };
  return { node: facts.node, subject, sections: builder.sections, queries: builder.queries };
}

const onDevices = (devices: string[] | undefined, ...names: (string | null)[]) =>
  devices === undefined || names.some((name) => name !== null && devices.includes(name));

function buildSection(plan: SectionPlan, answers: ReadonlyMap<string, DiagnosticAnswer>): HostViewSection {
  const section: HostViewSection = {
    title: plan.title,
    netns: null,
    links: null,
    routes: null,
    neighbours: null,
    fdb: null,
    tables: [],
    errors: [...plan.notes],
  };
  const found = (id: string) => {
    const answer = answers.get(id);
    if (answer === undefined) section.errors.push('the agent did not answer');
    else if (!answer.ok) section.errors.push(answer.error);
    else {
      section.netns = answer.netns;
      return answer.fact;
    }
    return undefined;
  };
  for (const read of plan.reads) {
    const fact = found(read.queryId);
    const devices = read.devices;
    if (fact?.fact === 'links')
      section.links = fact.links.filter((l) => onDevices(devices, l.name, l.master));
    if (fact?.fact === 'routes') section.routes = fact.routes.filter((r) => onDevices(devices, r.device));
    if (fact?.fact === 'neighbours')
      section.neighbours = fact.neighbours.filter((n) => onDevices(devices, n.device));
    if (fact?.fact === 'fdb') section.fdb = fact.fdb.filter((f) => onDevices(devices, f.device, f.master));
  }
  for (const table of plan.tables) {
    const fact = found(table.queryId);
    if (fact?.fact === 'nft') section.tables.push(markRelevant(parseNftListing(fact.nft), table.needles));
  }
  section.errors = [...new Set(section.errors)];
  return section;
}

/** The host view from the agent's answers: tables of facts and nft chains, errors kept in words. */
export function buildHostView(
  plan: HostViewPlan,
  answers: ReadonlyMap<string, DiagnosticAnswer>,
): HostViewResult {
  return {
    node: plan.node,
    subject: plan.subject,
    sections: plan.sections.map((section) => buildSection(section, answers)),
  };
}
