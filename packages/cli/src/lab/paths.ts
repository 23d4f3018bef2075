import { join, resolve } from 'node:path';
import { repoRoot } from '../config.js';

export const switchyardBin = join(repoRoot, 'packages', 'cli', 'bin', 'switchyard.js');

/**
 * Everything one lab keeps on disk: state, per-host pid files, logs and agent state dirs. Absolute
 * even for a relative data dir (the e2e run's `data/e2e`): an agent hands paths under its state dir to
 * containerd, and runc reads a relative rootfs against the bundle, not the agent's directory.
 */
export function labPaths(dataDir: string, prefix: string) {
  const dir = resolve(dataDir, 'lab', prefix);
  return {
    dir,
    state: join(dir, 'state.json'),
    pidFile: (host: string) => join(dir, `${host}.pid`),
    logFile: (host: string) => join(dir, `${host}.log`),
    agentStateDir: (host: string) => join(dir, host),
  };
}
