import { describe, expect, it } from 'vitest';
import { servesTraffic, taskStatusFrom } from './task-state.js';

const report = { status: 'running' as const, error: null, exitCode: null, health: null };

describe('taskStatusFrom', () => {
  it('follows the sandbox: created is starting, running is running, an exit ends the task', () => {
    expect(taskStatusFrom('assigned', { ...report, status: 'created' }).state).toBe('starting');
    expect(taskStatusFrom('starting', { ...report, health: 'healthy' })).toMatchObject({
      state: 'running',
      health: 'healthy',
    });
    expect(taskStatusFrom('running', { ...report, status: 'exited', exitCode: 1 })).toMatchObject({
      state: 'failed',
      error: 'task: non-zero exit (1)',
    });
    expect(taskStatusFrom('running', { ...report, status: 'exited', exitCode: 0 }).state).toBe('complete');
    expect(taskStatusFrom('assigned', { ...report, status: 'exited', error: 'no such image' }).state).toBe(
      'rejected',
    );
    expect(taskStatusFrom('running', null).state).toBe('failed');
    // A failed health check ends the task, as in Swarm, so its slot gets a new one.
    expect(taskStatusFrom('running', { ...report, health: 'unhealthy' })).toMatchObject({
      state: 'failed',
      error: 'task: container unhealthy',
    });
  });

  it('lets a task with a health check take traffic only while healthy', () => {
    expect(servesTraffic({ running: true, healthChecked: false, health: null })).toBe(true);
    expect(servesTraffic({ running: true, healthChecked: true, health: 'starting' })).toBe(false);
    expect(servesTraffic({ running: true, healthChecked: true, health: 'healthy' })).toBe(true);
    expect(servesTraffic({ running: false, healthChecked: true, health: 'healthy' })).toBe(false);
  });
});
