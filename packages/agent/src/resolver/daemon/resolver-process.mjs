// Starts the resolver process (main.ts) the way bin/switchyard.js starts the agent: TypeScript
// compiled on load by tsx's CommonJS hook (the agent turns esbuild's worker thread off), to stay small.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('tsx/cjs/api').register();
require('./main.ts');
