// Requests the control plane parses: the dashboard's (tRPC), its service layer's and the Engine API's.
export * from './zod-error.js';
export * from './well-formed.js';
export * from './keys.js';
export * from './networks.js';
export * from './containers.js';
export * from './services.js';
export * from './routes.js';
export * from './nodes.js';
export * from './users.js';
export * from './diagnostics.js';
export * from './events.js';
export * from './docker-engine/common.js';
export * from './docker-engine/containers.js';
export * from './docker-engine/networks.js';
export * from './docker-engine/services.js';
export * from './docker-engine/nodes.js';
export * from './docker-engine/filters.js';
