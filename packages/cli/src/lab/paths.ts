import { join } from 'node:path';
import { repoRoot } from '../config.js';

export const switchyardBin = join(repoRoot, 'packages', 'cli', 'bin', 'switchyard.js');

/** Everything one lab keeps on disk: state, per-host pid files, logs and agent state dirs. */
export function labPaths(dataDir: string, prefix: string) {
  const dir = join(dataDir, 'lab', prefix);
  return {
    dir,
    state: join(dir, 'state.json'),
    pidFile: (host: string) => join(dir, `${host}.pid`),
    logFile: (host: string) => join(dir, `${host}.log`),
    agentStateDir: (host: string) => join(dir, host),
  };
}
