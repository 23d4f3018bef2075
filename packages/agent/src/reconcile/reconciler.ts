import { agentProtocolVersion, type DesiredState, type ObservedState } from '@switchyard/contracts';
import { VerdictTables } from '../firewall/verdict-sync.js';
import { HttpMeshStep } from './steps/http-mesh.js';
import { driftedCondition, mergeConditions, type Drifted, type PassResult } from './conditions.js';
import type { PassContext, ReconcilerOptions } from './pass-context.js';
import { addPass } from './passes/add-pass.js';
import { fullPass } from './passes/full-pass.js';
import { quickPass } from './passes/quick-pass.js';
import { FirewallStep } from './steps/firewall.js';
import { IngressStep } from './steps/ingress.js';
import { SysctlStep } from './steps/sysctls.js';
import { addedSandboxes, structureKey } from './structure.js';

export type { ReconcilerOptions } from './pass-context.js';

/**
 * Keeps the kernel at the newest desired document, one pass at a time, so a push arriving during a
 * resync waits for it instead of racing it. Which pass a document takes:
 * - full (passes/full-pass.ts): everything, read back from the kernel, so a link deleted or a table
 *   flushed by hand is put back and reported as drift; the first document, any structural change
 *   and every resync.
 * - quick (passes/quick-pass.ts): a push that changes only peers, names and backends (a task
 *   started or became healthy elsewhere) applies just those, without reading the kernel back, so
 *   convergence takes tens of milliseconds; the periodic resync still finds drift.
 * - add (passes/add-pass.ts): a push that only adds sandboxes plumbs just the new ones, on the
 *   networks as the last pass left them.
 */
export class Reconciler {
  private desired: DesiredState | undefined;
  private lastConditions = '';
  /** What the resync under way found drifted so far. */
  private drifted: Drifted[] = [];
  /** The newest revision received, applied or still queued. */
  private newest = 0;
  private last: ObservedState | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;
  private readonly context: PassContext;

  constructor(private readonly options: ReconcilerOptions) {
    this.now = options.now ?? (() => new Date());
    const { dataplane } = options;
    const verdictTables = new VerdictTables(dataplane);
    this.context = {
      options,
      sysctls: new SysctlStep(options.sysctls),
      firewall: new FirewallStep(dataplane),
      ingress: new IngressStep(dataplane, verdictTables),
      mesh: new HttpMeshStep(dataplane, options.proxy),
      verdictTables,
      ready: new Set(),
      structure: undefined,
      beforeRepair: (drifted) => this.reportDrift(drifted),
    };
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
      return this.finish(document, await this.pass(document));
    });
  }

  /** Re-reads the kernel and repairs drift; reports only when something was repaired or changed. */
  resync(): Promise<ObservedState | undefined> {
    return this.serialize(async () => {
      if (this.desired === undefined) return undefined;
      const before = this.lastConditions;
      this.drifted = [];
      const started = performance.now();
      const result = await fullPass(this.context, this.desired, false);
      this.options.onPass?.('resync', (performance.now() - started) / 1000);
      const report = this.finish(this.desired, result);
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
      drift: undefined,
      sandboxes: this.options.runtime.status(),
    };
  }

  /**
   * The last report with `drifted` not ready, sent before they are repaired: "ready" means read back
   * and equal, so the control plane sees them not ready, if only until the repair's report.
   */
  private reportDrift(drifted: readonly Drifted[]): void {
    const current = this.observe();
    if (drifted.length === 0 || current === undefined) return;
    // Those an earlier step of the pass found stay not ready: the pass has not read them back yet.
    this.drifted.push(...drifted);
    this.options.onDriftFound?.({
      ...current,
      conditions: mergeConditions(current.conditions, this.drifted.map(driftedCondition)),
    });
  }

  /** The pass a new document takes, timed for the metrics. */
  private async pass(document: DesiredState): Promise<PassResult> {
    this.drifted = [];
    const started = performance.now();
    const [kind, result] = await this.choosePass(document);
    this.options.onPass?.(kind, (performance.now() - started) / 1000);
    return result;
  }

  /** The pass a new document takes (see the class comment). */
  private async choosePass(document: DesiredState): Promise<['full' | 'quick' | 'add', PassResult]> {
    const { structure } = this.context;
    if (structure === undefined) return ['full', await fullPass(this.context, document, true)];
    if (structure.key === structureKey(document))
      return ['quick', await quickPass(this.context, document, structure)];
    const added = addedSandboxes(structure, document);
    return added === undefined
      ? ['full', await fullPass(this.context, document, true)]
      : ['add', await addPass(this.context, document, structure, added)];
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    // After each pass: a sandbox it started took the spare, or the first pass has not made one yet.
    const pass = () => task().finally(() => this.options.spare?.refill());
    const run = this.queue.then(pass, pass);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private finish(document: DesiredState, result: PassResult): ObservedState {
    this.lastConditions = JSON.stringify(result.conditions);
    this.last = {
      protocolVersion: agentProtocolVersion,
      revision: document.revision,
      observedAt: this.now().toISOString(),
      conditions: result.conditions,
      driftRepaired: result.driftRepaired,
      ...(result.drift === undefined ? {} : { drift: result.drift }),
      sandboxes: this.options.runtime.status(),
    };
    return this.last;
  }
}
