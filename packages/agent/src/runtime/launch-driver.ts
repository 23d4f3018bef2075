import { closeSync, openSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DesiredSandbox, HealthCheck } from '@switchyard/contracts';
import { startProcess, type ChildProcess } from '../osl/process.js';
import { probeCommand, type ProbeCommand } from './health/probe.js';
import { type Launch, planLaunch } from './launch.js';
import { parseSignal } from './signals.js';

/** A sandbox's process as the Supervisor knows it: its child, or one adopted from a previous agent. */
export type WorkloadProcess = Pick<ChildProcess, 'pid'> & Partial<Pick<ChildProcess, 'unref'>>;

/**
 * What differs between runtimes in supervising one sandbox's process: how it is planned, readied,
 * started, signalled and probed, and what is cleaned up after it exits. The Supervisor does the rest
 * (restart policy, logs, health, status).
 */
export interface LaunchDriver {
  plan(desired: DesiredSandbox): Launch;
  /** Readies a start (a container's root filesystem and spec); a rejection fails the start. */
  prepare(desired: DesiredSandbox): Promise<void>;
  spawn(launch: Launch & { ok: true }): ChildProcess;
  /** `stop`: the stop signal; `kill`: after the grace period; `exited`: the process is gone, its leftovers go. */
  signal(child: WorkloadProcess, desired: DesiredSandbox, kind: 'stop' | 'kill' | 'exited'): void;
  stopGraceMs(desired: DesiredSandbox): number;
  /** Removes what `prepare` made, after the process exited; never rejects. */
  cleanup(desired: DesiredSandbox): Promise<void>;
  probe(check: HealthCheck, desired: DesiredSandbox): ProbeCommand | undefined;
}

/** Files a process's stdout and stderr are appended to, instead of pipes to the agent. */
export interface OutputFiles {
  stdout: string;
  stderr: string;
}

/**
 * The process runtime's: the command itself in the sandbox's namespace, in a session and process
 * group of its own. `stopGraceMs` overrides the workload's stop timeout (tests). With `output`, its
 * stdout and stderr go to those files: it then needs nothing of the agent and outlives it.
 */
export function processDriver(stopGraceMs?: number, output?: OutputFiles): LaunchDriver {
  return {
    plan: planLaunch,
    prepare: async () => {
      if (output !== undefined) await mkdir(path.dirname(output.stdout), { recursive: true, mode: 0o700 });
    },
    spawn: (launch) => {
      const fds = output === undefined ? undefined : [output.stdout, output.stderr].map(openAppend);
      try {
        return startProcess(launch.file, launch.args, {
          env: launch.env,
          stdio: ['ignore', fds?.[0] ?? 'pipe', fds?.[1] ?? 'pipe'],
          // Its own session and process group (setsid), so a stop reaches whatever the command
          // started too, and a signal to the agent's group does not reach it.
          detached: true,
        });
      } finally {
        // The child holds its own copies.
        fds?.forEach((fd) => closeSync(fd));
      }
    },
    signal: (child, desired, kind) =>
      signalGroup(
        child,
        kind === 'stop' ? (parseSignal(desired.workload.stopSignal) ?? 'SIGTERM') : 'SIGKILL',
      ),
    stopGraceMs: (desired) => stopGraceMs ?? desired.workload.stopTimeoutSeconds * 1000,
    cleanup: () => Promise.resolve(),
    probe: (check, desired) => probeCommand(check, desired.netns),
  };
}

/** O_APPEND: each write lands at the end, even after the agent empties the file. */
function openAppend(file: string): number {
  return openSync(file, 'a', 0o600);
}

function signalGroup(child: WorkloadProcess, signal: NodeJS.Signals | number): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}
