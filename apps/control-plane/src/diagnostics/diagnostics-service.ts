import type {
  HostViewResult,
  PathCheckResult,
  PathTarget,
  ProbeResult,
  ProbeSpec,
  TargetCheck,
} from '@switchyard/contracts';
import type { ControlPlaneConfig } from '../config.js';
import { compiledBodyFor } from '../compiler/node-documents.js';
import type { Db } from '../db/client.js';
import type { EventLog } from '../events/event-log.js';
import { findNetwork } from '../inventory/lookup.js';
import { ServiceError } from '../errors.js';
import { askAgents, type DiagnoseChannel } from './ask-agents.js';
import { buildHostView, planHostView, type HostViewSubject } from './host-view.js';
import { loadNetworks, loadPathFacts, loadSandbox, loadService } from './load-facts.js';
import { addAudit } from './audit/audit-plan.js';
import { judgePath } from './path-judge.js';
import { planPath } from './path-plan.js';
import type { RecentBreaks } from './recent-breaks.js';
import type { RouteService } from '../routes/api.js';
import { loadPublishedFacts, loadRouteFacts } from './targets/load-targets.js';
import { planPublished } from './targets/published-plan.js';
import { planRoute } from './targets/route-plan.js';
import type { TargetPlan } from './targets/target-check.js';
import { judgeTarget } from './targets/target-judge.js';
import {
  publishedChoices,
  routeChoices,
  type PublishedChoice,
  type RouteChoice,
} from './targets/target-choices.js';

export interface DiagnosticsDeps {
  db: Db;
  events: EventLog;
  agentHub: DiagnoseChannel & { isConnected(nodeId: string): boolean };
  config: Pick<ControlPlaneConfig, 'hrmHttpPort' | 'hrmSniPort'>;
  routes: Pick<RouteService, 'list'>;
  /** Where each check's broken steps are remembered for the topology. */
  pathBreaks: Pick<RecentBreaks, 'record'>;
}

export interface ProbeRun {
  sandbox: string;
  node: string;
  /** The namespace the probe ran in; null: the host's own (a host-mode container). */
  netns: string | null;
  result: ProbeResult;
}

/** What the dashboard offers to pick from. */
export interface DiagnosticsTargets {
  sandboxes: { name: string; kind: 'container' | 'task'; node: string; status: string; networks: string[] }[];
  services: { name: string; ports: number[] }[];
  nodes: { name: string; status: string }[];
  networks: { name: string; driver: string }[];
  /** Ports published on each host (routing mesh on every host, -p on its own) and mesh hostnames. */
  publishedPorts: PublishedChoice[];
  routes: RouteChoice[];
}

function describeRun(spec: ProbeSpec): string {
  switch (spec.tool) {
    case 'dns':
      return `a DNS lookup of ${spec.name} (${spec.type})`;
    case 'ping':
      return `ping ${spec.host}`;
    case 'tcp':
      return `a TCP connect to ${spec.host}:${spec.port}`;
    case 'http':
      return `HTTP GET http://${spec.host}:${spec.port}${spec.path}`;
    case 'capture':
      return `a ${spec.seconds} s packet capture`;
  }
}

/**
 * Diagnostics: probes inside sandboxes, host views and the path check. The control plane plans and
 * judges; agents only run tools and read their kernel. Every probe and path check is recorded with
 * the user who ran it.
 */
export class Diagnostics {
  constructor(private readonly deps: DiagnosticsDeps) {}

  private readonly connected = (nodeId: string) => this.deps.agentHub.isConnected(nodeId);

  async targets(): Promise<DiagnosticsTargets> {
    const { db } = this.deps;
    const [sandboxes, services, nodes, networks, publishedPorts, routes] = await Promise.all([
      db.sandbox.findMany({
        include: { node: true, task: { select: { id: true } }, endpoints: { include: { network: true } } },
        orderBy: { name: 'asc' },
      }),
      db.service.findMany({ include: { servicePorts: true }, orderBy: { name: 'asc' } }),
      db.node.findMany({ orderBy: { name: 'asc' } }),
      db.network.findMany({ where: { configOnly: false }, orderBy: { name: 'asc' } }),
      publishedChoices(db),
      this.deps.routes.list().then(routeChoices),
    ]);
    return {
      sandboxes: sandboxes.map((row) => ({
        name: row.name,
        kind: row.task === null ? 'container' : 'task',
        node: row.node.name,
        status: row.status,
        networks: row.endpoints.map((endpoint) => endpoint.network.name),
      })),
      services: services.map((row) => ({
        name: row.name,
        ports: row.servicePorts.map((port) => port.targetPort),
      })),
      nodes: nodes.map((row) => ({ name: row.name, status: row.status })),
      networks: networks.map((row) => ({ name: row.name, driver: row.driver })),
      publishedPorts,
      routes,
    };
  }

  async probe(sandboxKey: string, spec: ProbeSpec, actor: string): Promise<ProbeRun> {
    const sandbox = await loadSandbox(this.deps.db, sandboxKey, 'sandbox', this.connected);
    if (!sandbox.node.connected) {
      throw new ServiceError('UNAVAILABLE', `the agent on ${sandbox.node.name} is not connected`, 'sandbox');
    }
    const answers = await askAgents(
      this.deps.agentHub,
      new Map([
        [sandbox.node.id, [{ id: 'probe', kind: 'probe' as const, sandboxId: sandbox.id, probe: spec }]],
      ]),
      () => sandbox.node.name,
    );
    const answer = answers.get('probe');
    if (answer === undefined || !answer.ok || answer.probe === undefined) {
      const reason = answer !== undefined && !answer.ok ? answer.error : 'the agent sent no result';
      throw new ServiceError('UNAVAILABLE', `cannot run it in ${sandbox.name}: ${reason}`, 'sandbox');
    }
    const result = answer.probe;
    const status = result.exitCode === null ? 'stopped' : `exit ${result.exitCode}`;
    await this.deps.events.record({
      kind: 'diagnostics.run',
      severity: 'info',
      actor,
      subject: sandbox.name,
      message: `${actor} ran ${describeRun(spec)} in ${sandbox.name} on ${sandbox.node.name}: ${status}, ${result.durationMs} ms`,
    });
    return { sandbox: sandbox.name, node: sandbox.node.name, netns: answer.netns, result };
  }

  async pathCheck(from: string, to: PathTarget, actor: string): Promise<PathCheckResult> {
    const started = performance.now();
    const ports = { httpPort: this.deps.config.hrmHttpPort, sniPort: this.deps.config.hrmSniPort };
    const facts = await loadPathFacts(this.deps.db, from, to, this.connected, ports);
    const plan = addAudit(planPath(facts), facts);
    const names = await this.nodeNames();
    const answers = await askAgents(this.deps.agentHub, plan.queries, (id) => names.get(id) ?? id);
    const target = to.port === null ? to.name : `${to.name}:${to.port}`;
    const result = judgePath(plan, answers, {
      from: facts.source.name,
      to: target,
      durationMs: Math.round(performance.now() - started),
    });
    this.deps.pathBreaks.record(result);
    const broken = result.steps.find((step) => step.status === 'broken');
    await this.deps.events.record({
      kind: 'diagnostics.run',
      severity: broken === undefined ? 'info' : 'warning',
      actor,
      subject: facts.source.name,
      message:
        broken === undefined
          ? `${actor} checked the path from ${facts.source.name} to ${target}: every step passed`
          : `${actor} checked the path from ${facts.source.name} to ${target}: it breaks at "${broken.title}": ${broken.message}`,
    });
    return result;
  }

  /** A path from outside the cluster: to a port published on a host, or to a routing mesh hostname. */
  async targetCheck(input: TargetCheck, actor: string): Promise<PathCheckResult> {
    const started = performance.now();
    const { plan, from, to } = await this.planTarget(input);
    const names = await this.nodeNames();
    const answers = await askAgents(this.deps.agentHub, plan.queries, (id) => names.get(id) ?? id);
    const result = judgeTarget(plan, answers, {
      from,
      to,
      durationMs: Math.round(performance.now() - started),
    });
    this.deps.pathBreaks.record(result);
    const broken = result.steps.find((step) => step.status === 'broken');
    await this.deps.events.record({
      kind: 'diagnostics.run',
      severity: broken === undefined ? 'info' : 'warning',
      actor,
      subject: to,
      message:
        broken === undefined
          ? `${actor} checked the path from ${from} to ${to}: every step passed`
          : `${actor} checked the path from ${from} to ${to}: it breaks at "${broken.title}": ${broken.message}`,
    });
    return result;
  }

  async hostView(
    nodeKey: string,
    subject: { kind: 'network' | 'service'; name: string },
  ): Promise<HostViewResult> {
    const { db } = this.deps;
    const node = await db.node.findFirst({ where: { OR: [{ id: nodeKey }, { name: nodeKey }] } });
    if (node === null) throw new ServiceError('NOT_FOUND', `no node is named ${nodeKey}`, 'node');
    if (!this.connected(node.id)) {
      throw new ServiceError('UNAVAILABLE', `the agent on ${node.name} is not connected`, 'node');
    }
    const resolved = await this.subject(subject);
    const ports = { httpPort: this.deps.config.hrmHttpPort, sniPort: this.deps.config.hrmSniPort };
    const document = await compiledBodyFor(db, node.id, ports);
    const plan = planHostView({ node: node.name, document, subject: resolved });
    const answers =
      plan.queries.length === 0
        ? new Map()
        : await askAgents(this.deps.agentHub, new Map([[node.id, plan.queries]]), () => node.name);
    return buildHostView(plan, answers);
  }

  private async subject(subject: { kind: 'network' | 'service'; name: string }): Promise<HostViewSubject> {
    if (subject.kind === 'service') {
      const service = await loadService(this.deps.db, subject.name, this.connected);
      if (service === null)
        throw new ServiceError('NOT_FOUND', `no service is named ${subject.name}`, 'subject.name');
      return { kind: 'service', service };
    }
    const row = await findNetwork(this.deps.db, subject.name, 'subject.name');
    const network = (await loadNetworks(this.deps.db)).get(row.id);
    if (network === undefined) {
      throw new ServiceError(
        'BAD_REQUEST',
        `${row.name} is a config-only network: nothing realises it`,
        'subject.name',
      );
    }
    return { kind: 'network', network };
  }

  /** The plan of a check from outside, and what it goes from and to, in words. */
  private async planTarget(input: TargetCheck): Promise<{ plan: TargetPlan; from: string; to: string }> {
    const ports = { httpPort: this.deps.config.hrmHttpPort, sniPort: this.deps.config.hrmSniPort };
    const { db } = this.deps;
    if (input.kind === 'published') {
      const facts = await loadPublishedFacts(db, input, this.connected, ports);
      return {
        plan: planPublished(facts),
        from: `outside (${(facts.outside ?? facts.node).name})`,
        to: `${facts.node.name}:${input.port}/${input.protocol}`,
      };
    }
    const facts = await loadRouteFacts(db, input, await this.deps.routes.list(), this.connected, ports);
    return {
      plan: planRoute(facts),
      from: `outside (${(facts.outside ?? facts.node).name})`,
      to: `${input.hostname}${input.path} on ${facts.node.name}`,
    };
  }

  private async nodeNames(): Promise<Map<string, string>> {
    const nodes = await this.deps.db.node.findMany({ select: { id: true, name: true } });
    return new Map(nodes.map((node) => [node.id, node.name]));
  }
}
