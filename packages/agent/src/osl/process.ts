import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { childEnvironment } from '../config.js';

export type { ChildProcess };

export interface StartOptions {
  stdio: StdioOptions;
  /** Undefined: the agent's own environment without its secrets (config's childEnvironment). */
  env?: Record<string, string>;
  /** Its own process group, so a signal to the group reaches whatever it starts too. */
  detached?: boolean;
  /** The working directory (default: the agent's). */
  cwd?: string;
  /** How messages on an `ipc` channel are encoded. */
  serialization?: 'json' | 'advanced';
}

/**
 * Starts a program without a shell: the one place the agent spawns processes (iproute2, nft,
 * HAProxy, probes, resolver helpers, workloads), so what the agent runs is found in one room.
 */
export function startProcess(file: string, args: readonly string[], options: StartOptions): ChildProcess {
  return spawn(file, args, { ...options, env: options.env ?? childEnvironment() });
}
