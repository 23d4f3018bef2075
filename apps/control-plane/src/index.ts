export { startControlPlane, type RunningControlPlane } from './control-plane.js';
export { defaultDataDir, repoRoot, type ControlPlaneConfig } from './config.js';
export { readLocalCredentials, localCredentialsPath } from './local-credentials.js';
export type { AppRouter } from './trpc/router.js';
