export * from './brand.js';
export * from './net.js';
export * from './capabilities.js';
export * from './roles.js';
export * from './agent-protocol.js';
export * from './events.js';
export * from './nodes.js';
export * from './local-control-plane.js';
