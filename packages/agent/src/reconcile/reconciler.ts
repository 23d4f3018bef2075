import {
  agentProtocolVersion,
  type Capability,
  type Condition,
  type DesiredSandbox,
  type DesiredState,
  type ObservedState,
} from '@switchyard/contracts';
import { renderFirewall } from '../firewall/render.js';
import { tableKey } from '../firewall/tables.js';
import { VerdictTables } from '../firewall/verdict-sync.js';
import { driverFor } from '../drivers/registry.js';
import type { MeshProxy } from '../hrm/mesh-proxy.js';
import { MeshStep } from '../hrm/mesh-step.js';
import { ingressPeerName, planHostLegs } from '../ingress/plan-host-legs.js';
import { ingressTable, ingressTableSpec } from '../ingress/render-ingress.js';
import { runHostLegs } from '../ingress/run-host-legs.js';
import { lbTable, lbTableSpec } from '../loadbalancer/render-lb.js';
import { normalizeSysctlValue } from '../osl/sysctl.js';
import type { EmbeddedDns } from '../resolver/embedded-dns.js';
import type { SandboxRuntime } from '../runtime/sandbox-runtime.js';
import type { SpareNamespace } from '../sandbox/spare-namespace.js';
import { applySysctls, readSysctls } from './apply.js';
import type { Dataplane, DataplaneSnapshot } from '../osl/dataplane.js';
import { derivedSysctls } from './derived-sysctls.js';
import type { ReconcileKernel } from '../osl/kernel.js';
import { runSteps } from './net-apply.js';
import { networkNamespaces, networkObject, planNet, type NetPlan } from './net-plan.js';
import { planSysctls } from './plan.js';

export interface ReconcilerOptions {
  /** Sysctls of the host namespace. */
  sysctls: ReconcileKernel;
  dataplane: Dataplane;
  runtime: SandboxRuntime;
  dns: EmbeddedDns;
  /** The HTTP routing mesh's proxy on this host. */
  proxy: MeshProxy;
  /** What the node's kernel can do: a network that needs a missing feature is refused up front. */
  capabilities?: readonly Capability[];
  /** A namespace made ahead of need, which a new sandbox takes; none when undefined. */
  spare?: SpareNamespace;
  now?: () => Date;
}

/** What one pass found and did, gathered as it goes. */
interface PassResult {
  conditions: Condition[];
  driftRepaired: string[];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Objects a plan changes: a ready object among them was changed behind the agent's back. */
function touchedObjects(plan: NetPlan): Set<string> {
  const steps = [
    ...plan.networkSpacesBefore,
    ...plan.networks,
    ...plan.networkSpaces,
    ...plan.insideBefore,
    ...plan.endpointsHost,
    ...plan.endpointsSpace,
    ...plan.inside,
  ];
  return new Set([...steps.map((step) => step.object), ...plan.newNamespaces.map((entry) => entry.object)]);
}

/**
 * The document without what a quick pass applies by itself: overlay peers, names, VIP backends,
 * health checks, the mesh's backends and the HTTP mesh's routes. Two documents with the same key
 * need the same namespaces, links and tables.
 */
function structureKey(document: DesiredState): string {
  return JSON.stringify({
    ...document,
    revision: 0,
    networks: document.networks.map((network) =>
      network.overlay === undefined ? network : { ...network, overlay: { ...network.overlay, peers: [] } },
    ),
    ingress: document.ingress && { ...document.ingress, published: [] },
    hrm: document.hrm && { ...document.hrm, routes: [] },
    sandboxes: document.sandboxes.map((sandbox) => ({
      ...sandbox,
      dns: { ...sandbox.dns, records: [], srv: [] },
      virtualServices: [],
      healthCheck: null,
    })),
  });
}

/**
 * The sandboxes `document` adds to the structure last applied, when adding them is all it changes
 * there (a task or container started on this host); undefined otherwise.
 */
function addedSandboxes(structure: { key: string; applied: DesiredState }, document: DesiredState) {
  const known = new Set(structure.applied.sandboxes.map((sandbox) => sandbox.id));
  const added = document.sandboxes.filter((sandbox) => !known.has(sandbox.id));
  if (added.length === 0) return undefined;
  const rest = { ...document, sandboxes: document.sandboxes.filter((sandbox) => known.has(sandbox.id)) };
  return structureKey(rest) === structure.key ? new Set(added.map((sandbox) => sandbox.id)) : undefined;
}

/** `conditions` with each of `updates` in place of the condition on the same object, or added. */
function mergeConditions(conditions: readonly Condition[], updates: readonly Condition[]): Condition[] {
  const byObject = new Map(updates.map((condition) => [condition.object, condition]));
  const merged = conditions.map((condition) => byObject.get(condition.object) ?? condition);
  const present = new Set(conditions.map((condition) => condition.object));
  return [...merged, ...updates.filter((condition) => !present.has(condition.object))];
}

/**
 * Keeps the kernel at the newest desired document. A pass: sysctls, networks, sandbox namespaces and
 * endpoints, firewall tables, then the embedded DNS and the runtime; what is no longer desired is
 * handed to the runtime and DNS first, then its namespaces and links go. Every pass reads the kernel
 * back, so a link deleted or a table flushed by hand is put back and reported as drift. Passes run
 * one at a time, so a push arriving during a resync waits for it instead of racing it.
 *
 * A push that changes only peers, names and backends (a task started or became healthy elsewhere)
 * takes a quick pass: overlay peer entries, DNS, the runtime and the incremental load-balancer
 * batches, without reading the kernel back. That keeps convergence in tens of milliseconds; the periodic resync still reads
 * everything back, so drift is found all the same. A push that only adds sandboxes takes an add
 * pass: only the new sandboxes are planned and plumbed, on the networks as the last pass left them.
 */
export class Reconciler {
  private desired: DesiredState | undefined;
  /** Sysctl values the last pass confirmed: finding one changed later is drift. */
  private converged = new Map<string, string>();
  /** Networks, sandboxes and tables the last pass left ready. */
  private ready = new Set<string>();
  /** Each table as last applied and as the kernel then listed it. */
  private tables = new Map<string, { body: string; listing: string | undefined }>();
  private lastConditions = '';
  /** The newest revision received, applied or still queued. */
  private newest = 0;
  private last: ObservedState | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;
  /** Load-balancer (and ingress) tables, changed incrementally. */
  private readonly verdictTables: VerdictTables;
  /** The host's ingress veth as the agent last made it. */
  private ingressLink: string | undefined;
  private readonly httpMesh: MeshStep;
  /**
   * The last full pass that left everything ready: its structure, its conditions before DNS, and the
   * document last applied on top of it (quick passes included).
   */
  private structure: { key: string; conditions: Condition[]; applied: DesiredState } | undefined;

  constructor(private readonly options: ReconcilerOptions) {
    this.now = options.now ?? (() => new Date());
    this.verdictTables = new VerdictTables(options.dataplane);
    this.httpMesh = new MeshStep(options.dataplane, options.proxy);
  }

  get revision(): number | undefined {
    return this.desired?.revision;
  }

  /**
   * Applies a pushed document. A revision older than the current one, or than one received since, is
   * skipped (undefined); the current one again (a push repeated on reconnect) changes nothing and is
   * answered with a report.
   */
  onDesired(document: DesiredState): Promise<ObservedState | undefined> {
    this.newest = Math.max(this.newest, document.revision);
    return this.serialize(async () => {
      if (this.desired !== undefined && document.revision < this.desired.revision) return undefined;
      // A newer document waits behind this one: applying this first would only delay it.
      if (document.revision < this.newest) return undefined;
      if (this.desired?.revision === document.revision && this.last?.revision === document.revision) {
        return this.observe();
      }
      this.desired = document;
      const { structure } = this;
      if (structure === undefined) return this.pass(document, true);
      if (structure.key === structureKey(document)) return this.quickPass(document, structure);
      const added = addedSandboxes(structure, document);
      return added === undefined ? this.pass(document, true) : this.addPass(document, structure, added);
    });
  }

  /** Re-reads the kernel and repairs drift; reports only when something was repaired or changed. */
  resync(): Promise<ObservedState | undefined> {
    return this.serialize(async () => {
      if (this.desired === undefined) return undefined;
      const before = this.lastConditions;
      const report = await this.pass(this.desired, false);
      const changed = report.driftRepaired.length > 0 || this.lastConditions !== before;
      return changed ? report : undefined;
    });
  }

  /** The last report with the runtime's current view of the sandboxes (a process started or exited). */
  observe(): ObservedState | undefined {
    if (this.last === undefined) return undefined;
    return {
      ...this.last,
      observedAt: this.now().toISOString(),
      driftRepaired: [],
      sandboxes: this.options.runtime.status(),
    };
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    // After each pass: a sandbox it started took the spare, or the first pass has not made one yet.
    const pass = () => task().finally(() => this.options.spare?.refill());
    const run = this.queue.then(pass, pass);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * `newDocument`: the document differs from the last one applied, so a ready network, sandbox or
   * table it changes changed on purpose (a task left, a peer went), which is not drift.
   */
  private async pass(document: DesiredState, newDocument: boolean): Promise<ObservedState> {
    this.structure = undefined;
    const result: PassResult = { conditions: [], driftRepaired: [] };
    const derived = derivedSysctls(document);
    const sysctlConditions: Condition[] = [];
    const convergedBefore = new Map(this.converged);
    this.converged.clear();
    await this.sysctls({ ...document.sysctls, ...derived.global }, convergedBefore, sysctlConditions, result);

    const net = await this.network(
      document,
      derived.perBridge,
      convergedBefore,
      sysctlConditions,
      result,
      newDocument,
    );
    sysctlConditions.sort((a, b) => a.object.localeCompare(b.object));
    const structural = [...sysctlConditions, ...net.structural];
    if (structural.every((condition) => condition.ready)) {
      this.structure = { key: structureKey(document), conditions: structural, applied: document };
    }
    result.conditions.push(...structural, ...net.dynamic);
    return this.finish(document, result);
  }

  /**
   * Makes the namespaces of sandboxes this agent has never made before the kernel is read, and
   * starts opening their resolver listeners: each is a helper process, which then runs while the
   * rest of the pass reads and plumbs. The first takes the spare namespace, if there is one, whose
   * listener is already opening. A failure here is left to the plan, which tries again. Returns
   * the namespaces made.
   */
  private async openNewSandboxes(document: DesiredState): Promise<Set<string>> {
    const { dataplane } = this.options;
    const recorded = await dataplane.record.list();
    const known = new Set(recorded);
    const fresh = document.sandboxes.filter((sandbox) => sandbox.netns !== null && !known.has(sandbox.netns));
    if (fresh.length === 0) return new Set();
    const [first] = fresh;
    const adopted =
      first !== undefined && (await this.options.spare?.take(first)) === true ? first : undefined;
    const rest = fresh.filter((sandbox) => sandbox !== adopted);
    const failed = await dataplane.addNamespaces(rest.flatMap((sandbox) => sandbox.netns ?? []));
    const made = rest.filter((sandbox) => !failed.has(sandbox.netns ?? ''));
    const names = [adopted, ...made].flatMap((sandbox) => sandbox?.netns ?? []);
    // Recorded at once: a namespace the agent made is its to delete, even if it stops right now.
    await dataplane.record.save([...recorded, ...names].sort());
    this.options.dns.prepare(made);
    return new Set(names);
  }

  /** Peers, names and backends only: the rest is as the last full pass left it. */
  private async quickPass(
    document: DesiredState,
    structure: NonNullable<Reconciler['structure']>,
  ): Promise<ObservedState> {
    const result: PassResult = { conditions: [...structure.conditions], driftRepaired: [] };
    // Before the names: a task is reachable from here before anything here can resolve it.
    const peersApplied = await this.overlayPeers(document, structure.applied, result.conditions);
    if (peersApplied) structure.applied = document;
    else this.structure = undefined;
    await this.dynamic(document, document.sandboxes, undefined, result.conditions, result, false);
    return this.finish(document, result);
  }

  /**
   * New sandboxes on networks already here: their namespaces and endpoints, planned alone on the
   * networks as the last pass left them (a namespace made just now holds only its loopback, so
   * only the host's links are read); tables only where the document changes them; then what a
   * quick pass does. Falls back to a full pass when a new sandbox cannot be plumbed.
   */
  private async addPass(
    document: DesiredState,
    structure: NonNullable<Reconciler['structure']>,
    added: ReadonlySet<string>,
  ): Promise<ObservedState> {
    const { dataplane } = this.options;
    const made = await this.openNewSandboxes(document);
    const older = document.sandboxes.flatMap((sandbox) =>
      added.has(sandbox.id) && sandbox.netns !== null && !made.has(sandbox.netns) ? [sandbox.netns] : [],
    );
    const read = await dataplane.read(older, []);
    const empty = { links: [], defaultGateway: null };
    const snapshot = {
      ...read,
      sandboxes: new Map([...read.sandboxes, ...[...made].map((netns) => [netns, empty] as const)]),
    };
    const recorded = await dataplane.record.list();
    const { capabilities } = this.options;
    const plan = planNet(document, snapshot, recorded, capabilities && new Set(capabilities), added);
    const errors = new Map(plan.errors);
    const failed = await dataplane.addNamespaces(plan.newNamespaces.map((entry) => entry.netns));
    for (const { object, netns } of plan.newNamespaces) {
      const message = failed.get(netns);
      if (message !== undefined) errors.set(object, `cannot create namespace ${netns}: ${message}`);
    }
    for (const steps of [
      plan.networkSpacesBefore,
      plan.networks,
      plan.networkSpaces,
      plan.insideBefore,
      plan.endpointsHost,
      plan.endpointsSpace,
      plan.inside,
    ]) {
      await runSteps(dataplane, steps, errors);
    }
    const updates: Condition[] = plan.objects.map((object) => {
      const message = errors.get(object);
      return message === undefined ? { object, ready: true } : { object, ready: false, message };
    });
    // Left for a full pass to sort out, with everything read back.
    if (updates.some((condition) => !condition.ready)) return this.pass(document, true);
    for (const object of plan.objects) this.ready.add(object);
    const result: PassResult = {
      conditions: mergeConditions(structure.conditions, updates),
      driftRepaired: [],
    };
    await this.firewall(
      document,
      this.ready,
      (object, _changed, message) => {
        const condition: Condition =
          message === undefined ? { object, ready: true } : { object, ready: false, message };
        result.conditions = mergeConditions(result.conditions, [condition]);
      },
      false,
    );
    const peersApplied = await this.overlayPeers(document, structure.applied, result.conditions);
    this.structure =
      peersApplied && result.conditions.every((condition) => condition.ready)
        ? { key: structureKey(document), conditions: [...result.conditions], applied: document }
        : undefined;
    await this.dynamic(document, document.sandboxes, undefined, result.conditions, result, false);
    return this.finish(document, result);
  }

  /** Overlay peers that came or went since `applied`: one neighbour and one FDB batch per network. */
  private async overlayPeers(
    document: DesiredState,
    applied: DesiredState,
    conditions: Condition[],
  ): Promise<boolean> {
    let ok = true;
    for (const network of document.networks) {
      const before = applied.networks.find((candidate) => candidate.id === network.id);
      const change = before && driverFor(network)?.planPeerChange?.(network, before);
      if (change === undefined) continue;
      const { netns } = change;
      const failures = [
        ...(await this.options.dataplane.batch(netns, change.neigh)).values(),
        ...(await this.options.dataplane.batch(netns, change.fdb, 'bridge')).values(),
      ];
      if (failures.length === 0) continue;
      ok = false;
      conditions.push({
        object: `${networkObject(network)}/peers`,
        ready: false,
        message: failures.join('; '),
      });
    }
    return ok;
  }

  private finish(document: DesiredState, result: PassResult): ObservedState {
    this.lastConditions = JSON.stringify(result.conditions);
    this.last = {
      protocolVersion: agentProtocolVersion,
      revision: document.revision,
      observedAt: this.now().toISOString(),
      conditions: result.conditions,
      driftRepaired: result.driftRepaired,
      sandboxes: this.options.runtime.status(),
    };
    return this.last;
  }

  private async sysctls(
    desired: Record<string, string>,
    convergedBefore: ReadonlyMap<string, string>,
    conditions: Condition[],
    result: PassResult,
  ): Promise<void> {
    const names = Object.keys(desired).sort();
    const kernel = this.options.sysctls;
    const actions = planSysctls(desired, await readSysctls(kernel, names));
    const errors = await applySysctls(kernel, actions);
    for (const action of actions) {
      if (convergedBefore.get(action.name) === action.value && errors[action.name] === undefined) {
        result.driftRepaired.push(`sysctl/${action.name}`);
      }
    }
    for (const name of names) {
      const message = errors[name];
      if (message !== undefined) conditions.push({ object: `sysctl/${name}`, ready: false, message });
      else {
        this.converged.set(name, normalizeSysctlValue(desired[name] ?? ''));
        conditions.push({ object: `sysctl/${name}`, ready: true });
      }
    }
  }

  /**
   * Networks, sandboxes, endpoints and firewall (structural), then the mesh, DNS, runtime and load
   * balancers (dynamic); returns the conditions of each.
   */
  private async network(
    document: DesiredState,
    bridgeSysctls: Record<string, string>,
    convergedBefore: ReadonlyMap<string, string>,
    sysctlConditions: Condition[],
    result: PassResult,
    newDocument: boolean,
  ): Promise<{ structural: Condition[]; dynamic: Condition[] }> {
    const { dataplane } = this.options;
    await this.openNewSandboxes(document);
    const snapshot = await dataplane.read(
      document.sandboxes.flatMap((sandbox) => sandbox.netns ?? []),
      [...networkNamespaces(document).values()],
    );
    let recorded = await dataplane.record.list();
    const { capabilities } = this.options;
    const plan = planNet(document, snapshot, recorded, capabilities && new Set(capabilities));
    const errors = new Map(plan.errors);
    const conditions: Condition[] = [];

    if (plan.staleNamespaces.length > 0 || plan.staleLinks.length > 0) {
      // Processes and DNS listeners of sandboxes that are going away stop before their namespaces go.
      const kept = document.sandboxes.filter(
        (sandbox) => sandbox.netns === null || snapshot.namespaces.has(sandbox.netns),
      );
      await this.services(kept, conditions, 'removing');
      const failed = await dataplane.deleteNamespaces(plan.staleNamespaces);
      for (const [name, message] of failed) {
        conditions.push({ object: `namespace/${name}`, ready: false, message: `cannot delete: ${message}` });
      }
      const removed = new Set(plan.staleNamespaces.filter((name) => !failed.has(name)));
      recorded = recorded.filter((name) => !removed.has(name));
      await dataplane.record.save(recorded);
      const linkErrors = new Map<string, string>();
      const steps = plan.staleLinks.map((name) => ({
        object: `link/${name}`,
        netns: undefined,
        lines: [`link del ${name}`],
      }));
      await runSteps(dataplane, steps, linkErrors);
      for (const [object, message] of linkErrors) conditions.push({ object, ready: false, message });
    }

    // Namespaces first: an overlay network's lines run inside its own.
    const added = await dataplane.addNamespaces(plan.newNamespaces.map((entry) => entry.netns));
    for (const { object, netns } of plan.newNamespaces) {
      const message = added.get(netns);
      if (message !== undefined) errors.set(object, `cannot create namespace ${netns}: ${message}`);
    }
    const created = plan.newNamespaces.filter(({ netns }) => !added.has(netns)).map(({ netns }) => netns);
    const made = new Set(created);
    this.options.dns.prepare(document.sandboxes.filter((sandbox) => made.has(sandbox.netns ?? '')));
    const owned = new Set([...recorded, ...created, ...snapshot.sandboxes.keys(), ...snapshot.spaces.keys()]);
    if (owned.size !== recorded.length) await dataplane.record.save([...owned].sort());
    await runSteps(dataplane, plan.networkSpacesBefore, errors);
    await runSteps(dataplane, plan.networks, errors);
    await runSteps(dataplane, plan.networkSpaces, errors);
    await this.sysctls(bridgeSysctls, convergedBefore, sysctlConditions, result);
    await runSteps(dataplane, plan.insideBefore, errors);
    await runSteps(dataplane, plan.endpointsHost, errors);
    await runSteps(dataplane, plan.endpointsSpace, errors);
    await runSteps(dataplane, plan.inside, errors);
    const touched = touchedObjects(plan);
    const wasReady = this.ready;
    this.ready = new Set();
    const settle = (object: string, changed: boolean, message: string | undefined) => {
      if (message !== undefined) {
        conditions.push({ object, ready: false, message });
        return;
      }
      if (changed && !newDocument && wasReady.has(object)) result.driftRepaired.push(object);
      this.ready.add(object);
      conditions.push({ object, ready: true });
    };
    for (const object of plan.objects) settle(object, touched.has(object), errors.get(object));
    await this.firewall(document, wasReady, settle);
    // A sandbox whose namespace could not be made has nowhere to run.
    const runnable = document.sandboxes.filter(
      (sandbox) => sandbox.netns === null || !added.has(sandbox.netns),
    );
    const dynamic: Condition[] = [];
    await this.dynamic(document, runnable, snapshot.host, dynamic, result, true);
    return { structural: conditions, dynamic };
  }

  /**
   * The meshes, DNS, runtime and load balancers; `hostLinks` undefined: the meshes' veths are left
   * as they are.
   */
  private async dynamic(
    document: DesiredState,
    runnable: readonly DesiredSandbox[],
    hostLinks: DataplaneSnapshot['host'] | undefined,
    conditions: Condition[],
    result: PassResult,
    verify: boolean,
  ): Promise<void> {
    await this.ingress(document, hostLinks, conditions, result, verify);
    const mesh = await this.httpMesh.run(document, hostLinks);
    if (mesh !== undefined) conditions.push(mesh);
    await this.services(runnable, conditions, 'adding');
    // After the DNS: a task leaving stops getting new connections only once names no longer lead to it.
    await this.loadBalancers(runnable, conditions, result, verify);
  }

  /** Each sandbox's VIPs, balanced in its own namespace; a change touches only the services it changes. */
  private async loadBalancers(
    sandboxes: readonly DesiredSandbox[],
    conditions: Condition[],
    result: PassResult,
    verify: boolean,
  ): Promise<void> {
    const named = sandboxes.filter((sandbox) => sandbox.netns !== null);
    this.verdictTables.retain(
      new Set<string | undefined>([undefined, ...named.map((sandbox) => sandbox.netns ?? '')]),
    );
    const specs = named.map((sandbox) => lbTableSpec(sandbox.virtualServices));
    // One batch for every sandbox, reported in document order so the conditions compare equal
    // pass to pass.
    const outcomes = await this.verdictTables.syncAll(
      named.map((sandbox, index) => ({
        netns: sandbox.netns ?? undefined,
        table: lbTable,
        probe: 'output',
        spec: specs[index],
        verify,
      })),
    );
    named.forEach((sandbox, index) => {
      const object = `loadbalancer/${sandbox.name}`;
      const outcome = outcomes[index];
      if (outcome === undefined) return;
      if ('error' in outcome) {
        conditions.push({ object, ready: false, message: outcome.error });
        return;
      }
      if (outcome.drifted) result.driftRepaired.push(object);
      if (specs[index] !== undefined) conditions.push({ object, ready: true });
    });
  }

  /** The routing mesh: the host's veth into the ingress overlay, then its published ports. */
  private async ingress(
    document: DesiredState,
    hostLinks: DataplaneSnapshot['host'] | undefined,
    conditions: Condition[],
    result: PassResult,
    verify: boolean,
  ): Promise<void> {
    const { ingress } = document;
    const network = document.networks.find((candidate) => candidate.id === ingress?.networkId);
    const object = `ingress/${ingress?.networkId ?? 'none'}`;
    const { overlay } = network ?? {};
    const legs = ingress === null || overlay === undefined ? [] : [{ endpoint: ingress.endpoint, overlay }];
    const plan =
      hostLinks === undefined
        ? { host: [], spaces: [] }
        : planHostLegs(
            legs,
            ingressPeerName,
            hostLinks,
            this.ingressLink === undefined ? [] : [this.ingressLink],
          );
    try {
      if (ingress !== null && overlay === undefined) {
        throw new Error(`ingress network ${ingress.networkId} is not an overlay network of this node`);
      }
      const failures = await runHostLegs(this.options.dataplane, plan);
      if (failures.length > 0) throw new Error(failures.join('; '));
      this.ingressLink = ingress?.endpoint.interfaceName;
      const spec = ingressTableSpec(ingress);
      if (await this.verdictTables.sync(undefined, ingressTable, 'prerouting', spec, verify)) {
        result.driftRepaired.push(object);
      }
      if (ingress !== null) conditions.push({ object, ready: true });
    } catch (error) {
      conditions.push({ object, ready: false, message: describe(error) });
    }
  }

  /**
   * Applies each table whose body or kernel listing changed. `readBack` false: a table whose body
   * is as last applied is taken to be as the kernel last listed it, without listing it again.
   */
  private async firewall(
    document: DesiredState,
    wasReady: ReadonlySet<string>,
    settle: (object: string, changed: boolean, message: string | undefined) => void,
    readBack = true,
  ): Promise<void> {
    const { dataplane } = this.options;
    for (const { table, body } of renderFirewall(document)) {
      const key = tableKey(table);
      const object = `firewall/${table.name}`;
      const last = this.tables.get(key);
      if (!readBack && (body === undefined ? last === undefined : last?.body === body)) {
        if (body !== undefined) settle(object, false, undefined);
        continue;
      }
      try {
        const listing = await dataplane.listTable(table);
        if (body === undefined) {
          this.tables.delete(key);
          if (listing !== undefined) await dataplane.applyTable(table, undefined);
          continue;
        }
        const current = last !== undefined && last.body === body && last.listing === listing;
        if (!current) {
          await dataplane.applyTable(table, body);
          this.tables.set(key, { body, listing: await dataplane.listTable(table) });
        }
        settle(object, !current && last?.body === body && wasReady.has(object), undefined);
      } catch (error) {
        this.tables.delete(key);
        settle(object, false, describe(error));
      }
    }
  }

  /**
   * Hands the sandboxes to the DNS and the runtime. When sandboxes are going away their processes
   * stop first; when they are coming, their resolver is listening before the process starts.
   */
  private async services(
    sandboxes: readonly DesiredSandbox[],
    conditions: Condition[],
    direction: 'adding' | 'removing',
  ): Promise<void> {
    const { runtime, dns } = this.options;
    const steps: [string, () => Promise<void>][] = [
      ['agent/dns', () => dns.sync(sandboxes)],
      ['agent/runtime', () => runtime.sync(sandboxes)],
    ];
    if (direction === 'removing') steps.reverse();
    for (const [object, step] of steps) {
      try {
        await step();
      } catch (error) {
        conditions.push({ object, ready: false, message: describe(error) });
      }
    }
  }
}
