import type { Condition } from '@switchyard/contracts';
import type { ReconcileKernel } from '../../osl/kernel.js';
import { normalizeSysctlValue } from '../../osl/sysctl.js';
import { applySysctls, readSysctls } from '../sysctl-apply.js';
import { repaired, type PassResult } from '../conditions.js';
import { planSysctls } from '../sysctl-plan.js';

/** The host's sysctls: written where the kernel differs, read back, and drift told from change. */
export class SysctlStep {
  /** Sysctl values the last pass confirmed: finding one changed later is drift. */
  private converged = new Map<string, string>();

  constructor(private readonly kernel: ReconcileKernel) {}

  /** Starts a full pass: the values the last one confirmed, forgotten until confirmed again. */
  begin(): ReadonlyMap<string, string> {
    const before = new Map(this.converged);
    this.converged.clear();
    return before;
  }

  async run(
    desired: Record<string, string>,
    convergedBefore: ReadonlyMap<string, string>,
    conditions: Condition[],
    result: PassResult,
  ): Promise<void> {
    const names = Object.keys(desired).sort();
    const { kernel } = this;
    const actions = planSysctls(desired, await readSysctls(kernel, names));
    const errors = await applySysctls(kernel, actions);
    for (const action of actions) {
      if (convergedBefore.get(action.name) === action.value && errors[action.name] === undefined) {
        const was = action.from === undefined ? 'unreadable' : `was ${action.from}`;
        repaired(result, `sysctl/${action.name}`, `${action.name} ${was}`, `set back to ${action.value}`);
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
}
