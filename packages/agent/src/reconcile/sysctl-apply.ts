import { CommandError } from '../osl/exec.js';
import type { ReconcileKernel } from '../osl/kernel.js';
import type { SetSysctl, SysctlReading } from './sysctl-plan.js';

function reason(error: unknown): string {
  const text =
    error instanceof CommandError
      ? error.stderr.trim()
      : error instanceof Error
        ? error.message
        : String(error);
  if (/ENOENT|No such file|nonexistent/i.test(text)) return 'no such sysctl on this kernel';
  if (/EACCES|EPERM|Permission denied|not permitted/i.test(text))
    return 'permission denied (the agent must run as root)';
  if (/EINVAL|Invalid argument/i.test(text)) return 'the kernel rejected the value as invalid';
  return text.split('\n')[0] ?? text;
}

/** Reads every named sysctl; a failed read becomes a reading with its reason. */
export async function readSysctls(
  kernel: ReconcileKernel,
  names: readonly string[],
): Promise<Record<string, SysctlReading>> {
  const entries = await Promise.all(
    names.map(async (name): Promise<[string, SysctlReading]> => {
      try {
        return [name, { value: await kernel.read(name) }];
      } catch (error) {
        return [name, { error: reason(error) }];
      }
    }),
  );
  return Object.fromEntries(entries);
}

/** Writes each action, then reads back so that a value the kernel clamps or ignores is not called done. */
export async function applySysctls(
  kernel: ReconcileKernel,
  actions: readonly SetSysctl[],
): Promise<Record<string, string | undefined>> {
  const errors: Record<string, string | undefined> = {};
  for (const action of actions) {
    try {
      await kernel.write(action.name, action.value);
      const after = await kernel.read(action.name);
      errors[action.name] =
        after === action.value ? undefined : `wrote "${action.value}" but the kernel reports "${after}"`;
    } catch (error) {
      errors[action.name] = `cannot set to "${action.value}": ${reason(error)}`;
    }
  }
  return errors;
}
