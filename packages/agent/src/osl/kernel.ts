import { sysctlAccess, type SysctlAccess } from './sysctl.js';

/** The part of the kernel the reconciler touches; tests hand it a fake. */
export type ReconcileKernel = SysctlAccess;

/** The real kernel: this process's namespace, or a named one. */
export function realKernel(netns?: string): ReconcileKernel {
  return sysctlAccess(netns);
}
