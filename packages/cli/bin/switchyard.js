#!/usr/bin/env node
// The `switchyard` command. The workspaces ship TypeScript sources that tsx compiles on load.
import { createRequire } from 'node:module';

if (process.argv[2] === 'agent') {
  // The agent runs on every host and must stay small: load only the agent, compiled in this thread
  // by tsx's CommonJS hook with esbuild's worker thread off (about 60 MB idle instead of 90 MB).
  process.env.ESBUILD_WORKER_THREADS ??= '0';
  const require = createRequire(import.meta.url);
  require('tsx/cjs/api').register();
  const { agentMain } = require('@switchyard/agent/main');
  // Exit as soon as the agent is done rather than waiting for the websocket's closing handshake.
  process.exit(await agentMain(process.argv.slice(3)));
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/main.ts');
