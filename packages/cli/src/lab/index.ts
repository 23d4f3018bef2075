export {
  formatStatusTable,
  labDown,
  LabError,
  labStatus,
  labUp,
  checkSubnet,
  restartLabAgent,
  spawnLabAgentStandby,
} from './lab.js';
export type { LabOptions, LabStatus, LabStatusHost } from './lab.js';
export { buildLabNetwork, labNamespaces, teardownLab } from './network.js';
export { spawnAgent, startAgents, waitForAgents, type JoinTarget } from './agents.js';
export { planLab, LabPlanError, type LabPlan, type LabHostPlan } from './plan.js';
export { labPaths, switchyardBin } from './paths.js';
export { defaultDataDir, repoRoot } from '../config.js';
export { readLocalControlPlane } from '../local-control-plane.js';
export { fetchNodes } from './control-plane.js';
export type { LabState } from './state.js';
