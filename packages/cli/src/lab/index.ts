export { formatStatusTable, labDown, LabError, labStatus, labUp, checkSubnet } from './lab.js';
export type { LabOptions, LabStatus, LabStatusHost } from './lab.js';
export { buildLabNetwork, labNamespaces, teardownLab } from './network.js';
export { startAgents, waitForAgents, type JoinTarget } from './agents.js';
export { planLab, LabPlanError, type LabPlan, type LabHostPlan } from './plan.js';
export { defaultDataDir, labPaths, repoRoot } from './paths.js';
export { readLocalControlPlane, fetchNodes } from './control-plane.js';
export type { LabState } from './state.js';
