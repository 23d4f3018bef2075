export { joinedLogMarker, joinRefusedPrefix, runAgent, startAgent } from './agent.js';
export type { AgentOptions, RunningAgent } from './agent.js';
export { agentVersion } from './version.js';
export { identityDirName } from './tls/node-identity.js';
export { detectCapabilities } from './capabilities/detect.js';
export { Reconciler, type ReconcilerOptions } from './reconcile/reconciler.js';
export type { Dataplane, DataplaneSnapshot } from './osl/dataplane.js';
export { createHaproxyMesh, type HaproxyMeshOptions } from './hrm/proxy-process.js';
export type { MeshProxy } from './hrm/mesh-proxy.js';
export { realDataplane } from './osl/real-dataplane.js';
export { planNet, type NetPlan } from './reconcile/net-plan.js';
export type { Driver, EndpointPlan, NetworkPlan } from './drivers/driver.js';
export { driverFor } from './drivers/registry.js';
export { hostVethName } from './drivers/names.js';
export { renderFirewall } from './firewall/render.js';
export { allTables, filterTable, natTable, type TableSpec } from './firewall/tables.js';
export { fileNamespaceRecord, memoryNamespaceRecord, type NamespaceRecord } from './sandbox/record.js';
export { readHostNetworks } from './osl/host-networks.js';
export { realKernel, type ReconcileKernel } from './osl/kernel.js';
export { planSysctls } from './reconcile/sysctl-plan.js';
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
export { bundleRootOf, removeAllContainers } from './runtime/containerd/container-driver.js';
export { containerdVersion, defaultContainerdNamespace, unmount, type Containerd } from './osl/containerd.js';
