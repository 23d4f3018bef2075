export type { SandboxRuntime } from './sandbox-runtime.js';
export { createProcessRuntime, type ProcessRuntimeOptions } from './process-runtime.js';
