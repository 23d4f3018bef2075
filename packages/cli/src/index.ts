/** The lab as a library, for benchmarks and tests that bring one up in-process. */
export { labDown, labNamespaces, labStatus, labUp, restartLabAgent, switchyardBin } from './lab/index.js';
/** The dashboard's server, for benchmarks that drive it in a browser. */
export { ensureWebBuild, startWebServer, stopWebServer } from './web-server.js';
/** Where a lab and the local control plane keep their files, for tests that drive `switchyard start`. */
export { labPaths, readLocalControlPlane, repoRoot } from './lab/index.js';
