import type { HealthCheck } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { nextHealth, startingHealth, type HealthState } from './health-state.js';
import { probeCommand } from './probe.js';

const check: HealthCheck = {
  kind: 'http',
  port: 8080,
  path: '/health',
  intervalMs: 1000,
  timeoutMs: 500,
  retries: 3,
  startPeriodMs: 5000,
};

function run(results: [boolean, number][]): HealthState['status'][] {
  let state = startingHealth;
  return results.map(([ok, at]) => (state = nextHealth(state, ok, at, check)).status);
}

describe('health decisions', () => {
  it('ignores failures in the start period and turns healthy on the first success', () => {
    expect(
      run([
        [false, 1000],
        [false, 2000],
        [false, 3000],
        [true, 4000],
      ]),
    ).toEqual(['starting', 'starting', 'starting', 'healthy']);
  });

  it('turns unhealthy after `retries` failures in a row, and healthy again on one success', () => {
    expect(
      run([
        [true, 6000],
        [false, 7000],
        [false, 8000],
        [true, 9000],
        [false, 10000],
        [false, 11000],
        [false, 12000],
        [true, 13000],
      ]),
    ).toEqual(['healthy', 'healthy', 'healthy', 'healthy', 'healthy', 'healthy', 'unhealthy', 'healthy']);
  });

  it('turns a task that never passed unhealthy once the start period is over', () => {
    expect(
      run([
        [false, 6000],
        [false, 7000],
        [false, 8000],
      ]),
    ).toEqual(['starting', 'starting', 'unhealthy']);
  });
});

describe('probe commands', () => {
  it('runs curl, bash or the command inside the namespace, or directly in host mode', () => {
    expect(probeCommand(check, 'ns1')).toEqual({
      file: 'ip',
      args: [
        'netns',
        'exec',
        'ns1',
        'curl',
        '-fsS',
        '-o',
        '/dev/null',
        '-m',
        '0.5',
        'http://127.0.0.1:8080/health',
      ],
    });
    expect(probeCommand({ ...check, kind: 'tcp', port: 5432 }, null)).toEqual({
      file: 'bash',
      args: ['-c', 'exec 3<>/dev/tcp/127.0.0.1/5432'],
    });
    expect(probeCommand({ ...check, kind: 'command', command: ['test', '-f', '/tmp/ok'] }, 'ns1')).toEqual({
      file: 'ip',
      args: ['netns', 'exec', 'ns1', 'test', '-f', '/tmp/ok'],
    });
    expect(probeCommand({ ...check, kind: 'command', command: [] }, 'ns1')).toBeUndefined();
  });
});
