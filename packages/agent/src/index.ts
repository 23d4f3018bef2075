export { joinedLogMarker, joinRefusedPrefix, runAgent, startAgent } from './agent.js';
export type { AgentOptions, RunningAgent } from './agent.js';
export { agentVersion } from './version.js';
export { detectCapabilities } from './capabilities/detect.js';
export { Reconciler } from './reconcile/reconciler.js';
export { realKernel, type ReconcileKernel } from './reconcile/kernel.js';
export { planSysctls } from './reconcile/plan.js';
export { CommandError, exec } from './osl/exec.js';
export { ipBatch, ipJson, listNetns, netnsExec } from './osl/ip.js';
export { defaultSourceAddress } from './osl/route.js';
export { sysctlAccess, writeSysctlsInNetns } from './osl/sysctl.js';
export {
  AgentArgsError,
  agentUsage,
  defaultAgentStateDir,
  nodeNameFromHostname,
  parseAgentArgs,
} from './args.js';
export type { AgentArgs } from './args.js';
export { agentMain, resolveAgentOptions } from './main.js';
