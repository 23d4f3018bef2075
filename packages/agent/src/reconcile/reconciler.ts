import {
  agentProtocolVersion,
  type Condition,
  type DesiredState,
  type ObservedState,
} from '@switchyard/contracts';
import { normalizeSysctlValue } from '../osl/sysctl.js';
import { applySysctls, readSysctls } from './apply.js';
import type { ReconcileKernel } from './kernel.js';
import { planSysctls } from './plan.js';

/**
 * Keeps the kernel at the newest desired document. Every pass reads the kernel back, diffs, applies
 * the difference and reports per-object conditions. Passes run one at a time, so a push arriving
 * during a resync waits for it instead of racing it.
 */
export class Reconciler {
  private desired: DesiredState | undefined;
  /** Values the last pass confirmed in the kernel: finding one changed later is drift. */
  private converged = new Map<string, string>();
  private lastConditions = '';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly kernel: ReconcileKernel,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get revision(): number | undefined {
    return this.desired?.revision;
  }

  /** Applies a pushed document; a revision older than the current one is ignored (undefined). */
  onDesired(document: DesiredState): Promise<ObservedState | undefined> {
    return this.serialize(async () => {
      if (this.desired !== undefined && document.revision < this.desired.revision) return undefined;
      this.desired = document;
      return this.pass(document);
    });
  }

  /** Re-reads the kernel and repairs drift; reports only when something was repaired or changed. */
  resync(): Promise<ObservedState | undefined> {
    return this.serialize(async () => {
      if (this.desired === undefined) return undefined;
      const before = this.lastConditions;
      const report = await this.pass(this.desired);
      const changed = report.driftRepaired.length > 0 || this.lastConditions !== before;
      return changed ? report : undefined;
    });
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async pass(document: DesiredState): Promise<ObservedState> {
    const names = Object.keys(document.sysctls).sort();
    const observed = await readSysctls(this.kernel, names);
    const actions = planSysctls(document.sysctls, observed);
    const errors = await applySysctls(this.kernel, actions);

    const driftRepaired = actions
      .filter(
        (action) => this.converged.get(action.name) === action.value && errors[action.name] === undefined,
      )
      .map((action) => `sysctl/${action.name}`);

    this.converged.clear();
    const conditions: Condition[] = names.map((name) => {
      const message = errors[name];
      if (message !== undefined) return { object: `sysctl/${name}`, ready: false, message };
      this.converged.set(name, normalizeSysctlValue(document.sysctls[name] ?? ''));
      return { object: `sysctl/${name}`, ready: true };
    });
    this.lastConditions = JSON.stringify(conditions);

    return {
      protocolVersion: agentProtocolVersion,
      revision: document.revision,
      observedAt: this.now().toISOString(),
      conditions,
      driftRepaired,
      sandboxes: [],
    };
  }
}
