import type { ContainerStatus, HealthStatus, TaskState } from '@switchyard/contracts';

/** What the agent last reported about a task's sandbox; null when the sandbox is gone. */
export interface SandboxReport {
  status: ContainerStatus;
  error: string | null;
  exitCode: number | null;
  health: HealthStatus | null;
}

export interface TaskStatus {
  state: TaskState;
  message: string;
  error: string | null;
  health: HealthStatus | null;
}

/** Tasks in these states never run again: their slot gets a new task. */
export const terminalStates: ReadonlySet<TaskState> = new Set(['complete', 'failed', 'shutdown', 'rejected']);

/**
 * A live task's state from its sandbox, as Docker shows it: assigned until the agent reports the
 * sandbox, starting while it is created, running while it runs; an exit or a failed health check
 * ends the task.
 */
export function taskStatusFrom(current: TaskState, sandbox: SandboxReport | null): TaskStatus {
  if (sandbox === null) {
    return { state: 'failed', message: 'sandbox removed', error: 'the task sandbox is gone', health: null };
  }
  if (sandbox.error !== null && sandbox.status !== 'running') {
    return { state: 'rejected', message: 'start failed', error: sandbox.error, health: null };
  }
  switch (sandbox.status) {
    case 'running':
    case 'restarting':
      // As Swarm does, a task whose health check failed its retries is failed and replaced.
      if (sandbox.health === 'unhealthy') {
        return {
          state: 'failed',
          message: 'unhealthy',
          error: 'task: container unhealthy',
          health: 'unhealthy',
        };
      }
      return { state: 'running', message: 'running', error: null, health: sandbox.health };
    case 'exited':
    case 'dead':
      // A sandbox that has not started yet reports exited only after a run.
      if (current === 'assigned' && sandbox.exitCode === null) {
        return { state: 'assigned', message: 'assigned', error: null, health: null };
      }
      return sandbox.exitCode === 0
        ? { state: 'complete', message: 'finished', error: null, health: null }
        : {
            state: 'failed',
            message: 'task exited',
            error: `task: non-zero exit (${sandbox.exitCode ?? 'unknown'})`,
            health: null,
          };
    case 'created':
      return {
        state: current === 'assigned' ? 'starting' : current,
        message: 'starting',
        error: null,
        health: null,
      };
  }
}

/** A task takes traffic when it runs and, if it has a health check, that check passes. */
export function servesTraffic(task: {
  running: boolean;
  healthChecked: boolean;
  health: HealthStatus | null;
}) {
  return task.running && (!task.healthChecked || task.health === 'healthy');
}
