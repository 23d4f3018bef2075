import { describe, expect, it } from 'vitest';
import { describeRestart, processRestartSchema } from './process-restarts.js';

const killed = { code: null, signal: 'SIGKILL' };

describe('process restart reports', () => {
  it('names the process, how it ended and how long it was gone', () => {
    expect(
      describeRestart({
        process: 'agent',
        host: 'sy-host2',
        exit: killed,
        previousPid: 10,
        pid: 11,
        downMs: 412,
      }),
    ).toBe(
      'agent of sy-host2 restarted after it was killed (signal SIGKILL): pid 10 is now pid 11, started again 0.4 s after it died',
    );
    expect(
      describeRestart({
        process: 'control-plane',
        exit: { code: 1, signal: null },
        previousPid: 5,
        pid: 6,
        downMs: 1_500,
      }),
    ).toBe(
      'control plane restarted after it exited (code 1): pid 5 is now pid 6, started again 1.5 s after it died',
    );
  });

  it('refuses a host on anything but an agent, an agent without one, and a made-up signal', () => {
    const base = { exit: killed, previousPid: 1, pid: 2, downMs: 0 };
    for (const bad of [
      { ...base, process: 'dashboard', host: 'sy-host1' },
      { ...base, process: 'agent' },
      { ...base, process: 'dashboard', exit: { code: null, signal: 'kill; rm -rf' } },
    ]) {
      const result = processRestartSchema.safeParse(bad);
      expect(result.success).toBe(false);
    }
    expect(processRestartSchema.safeParse({ ...base, process: 'dashboard' }).success).toBe(true);
  });
});
