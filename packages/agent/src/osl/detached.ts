import { closeSync, openSync, readFileSync } from 'node:fs';
import { childEnvironment } from '../config.js';
import { startProcess } from './process.js';

/**
 * Starts a Node program that outlives the agent: its own session and process group (a signal to the
 * agent's group, or the agent's death, leaves it), output appended to `logFile`. Returns its pid.
 */
export function startDetachedNode(script: string, args: readonly string[], logFile: string): number {
  const log = openSync(logFile, 'a', 0o600);
  try {
    const child = startProcess(process.execPath, [script, ...args], {
      stdio: ['ignore', log, log],
      detached: true,
      // One thread less for tsx's esbuild: about 30 MB.
      env: { ...childEnvironment(), ESBUILD_WORKER_THREADS: '0' },
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`cannot start ${script}`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** The command line of a running process, or undefined when it is gone. */
export function commandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}
