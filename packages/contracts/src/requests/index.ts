// Requests the control plane parses from the dashboard (tRPC) and its service layer.
export * from './zod-error.js';
export * from './keys.js';
export * from './networks.js';
export * from './containers.js';
export * from './services.js';
export * from './routes.js';
export * from './nodes.js';
export * from './users.js';
export * from './diagnostics.js';
export * from './events.js';
