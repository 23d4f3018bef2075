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
  const args = process.argv.slice(3);
  if (args[0] === '--standby') {
    // A supervisor's spare (`switchyard start`): loaded, it starts when told, then goes its own way
    // as any lab agent does; while waiting it lives only as long as that supervisor.
    args.shift();
    const orphaned = () => process.exit(0);
    process.once('disconnect', orphaned);
    await new Promise((resolve) => {
      const onMessage = (message) => {
        if (message?.type !== 'start') return;
        process.off('message', onMessage);
        resolve(undefined);
      };
      process.on('message', onMessage);
    });
    process.off('disconnect', orphaned);
    process.disconnect();
  }
  // Exit as soon as the agent is done rather than waiting for the websocket's closing handshake.
  process.exit(await agentMain(args));
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/main.ts');
