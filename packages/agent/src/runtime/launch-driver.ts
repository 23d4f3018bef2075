import type { DesiredSandbox, HealthCheck } from '@switchyard/contracts';
import { startProcess, type ChildProcess } from '../osl/process.js';
import { probeCommand, type ProbeCommand } from './health/probe.js';
import { type Launch, planLaunch } from './launch.js';
import { parseSignal } from './signals.js';

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
  signal(child: ChildProcess, desired: DesiredSandbox, kind: 'stop' | 'kill' | 'exited'): void;
  stopGraceMs(desired: DesiredSandbox): number;
  /** Removes what `prepare` made, after the process exited; never rejects. */
  cleanup(desired: DesiredSandbox): Promise<void>;
  probe(check: HealthCheck, desired: DesiredSandbox): ProbeCommand | undefined;
}

/**
 * The process runtime's: the command itself in the sandbox's namespace, in a process group of its
 * own. `stopGraceMs` overrides the workload's stop timeout (tests).
 */
export function processDriver(stopGraceMs?: number): LaunchDriver {
  return {
    plan: planLaunch,
    prepare: () => Promise.resolve(),
    spawn: (launch) =>
      startProcess(launch.file, launch.args, {
        env: launch.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so a stop reaches whatever the command started too.
        detached: true,
      }),
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

function signalGroup(child: ChildProcess, signal: NodeJS.Signals | number): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}
