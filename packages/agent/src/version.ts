import { readFileSync } from 'node:fs';

/** The agent reports its package version in its hello. */
export const agentVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
