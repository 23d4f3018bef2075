import type { Condition } from '@switchyard/contracts';
import type { ReconcileKernel } from '../../osl/kernel.js';
import { normalizeSysctlValue } from '../../osl/sysctl.js';
import { applySysctls, readSysctls } from '../sysctl-apply.js';
import { repaired, type BeforeRepair, type PassResult } from '../conditions.js';
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
    beforeRepair?: BeforeRepair,
  ): Promise<void> {
    const names = Object.keys(desired).sort();
    const { kernel } = this;
    const actions = planSysctls(desired, await readSysctls(kernel, names));
    const drifted = actions
      .filter((action) => convergedBefore.get(action.name) === action.value)
      .map((action) => ({
        object: `sysctl/${action.name}`,
        found: `${action.name} ${action.from === undefined ? 'was unreadable' : `was ${action.from}`}`,
        value: action.value,
      }));
    beforeRepair?.(drifted);
    const errors = await applySysctls(kernel, actions);
    for (const { object, found, value } of drifted) {
      if (errors[object.slice('sysctl/'.length)] === undefined) {
        repaired(result, object, `${found}, not ${value}`, `set it back to ${value}`);
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
