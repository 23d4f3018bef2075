import { normalizeSysctlValue } from '../osl/sysctl.js';

/** What the kernel has for one sysctl: its value, or why it could not be read. */
export type SysctlReading = { value: string } | { error: string };

export interface SetSysctl {
  kind: 'set';
  name: string;
  value: string;
  /** The value found, when there was one to read. */
  from?: string;
}

/** Sysctls to write so the kernel matches the desired values; already-equal ones are left alone. */
export function planSysctls(
  desired: Record<string, string>,
  observed: Record<string, SysctlReading>,
): SetSysctl[] {
  const actions: SetSysctl[] = [];
  for (const name of Object.keys(desired).sort()) {
    const value = normalizeSysctlValue(desired[name] ?? '');
    const reading = observed[name];
    if (reading !== undefined && 'value' in reading) {
      if (reading.value !== value) actions.push({ kind: 'set', name, value, from: reading.value });
    } else {
      actions.push({ kind: 'set', name, value });
    }
  }
  return actions;
}
