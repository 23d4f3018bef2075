import { describe, expect, it } from 'vitest';
import { Supervised, type ProcessExit, type Restart, type RunningProcess } from './supervised.js';

/** Stand-in processes: each has a pid and dies when told. */
function fakeProcesses() {
  let nextPid = 100;
  const deaths = new Map<number, (exit: ProcessExit) => void>();
  const stopped: number[] = [];
  const start = (): Promise<RunningProcess> => {
    const pid = nextPid++;
    const exited = new Promise<ProcessExit>((resolve) => deaths.set(pid, resolve));
    return Promise.resolve({ pid, exited });
  };
  return {
    start,
    kill: (pid: number, exit: ProcessExit) => deaths.get(pid)?.(exit),
    stop: (process: RunningProcess) => {
      stopped.push(process.pid);
      deaths.get(process.pid)?.({ code: 0, signal: null });
      return Promise.resolve();
    },
    stopped,
  };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
};

describe('a supervised process', () => {
  it('is started again at once after a death, which it reports with how the process ended', async () => {
    const processes = fakeProcesses();
    const restarts: Restart[] = [];
    const supervised = new Supervised(
      { name: 'test', start: processes.start, stop: processes.stop, onRestart: (r) => restarts.push(r) },
      await processes.start(),
    );
    processes.kill(100, { code: null, signal: 'SIGKILL' });
    await until(() => restarts.length === 1);
    expect(restarts[0]).toMatchObject({
      previousPid: 100,
      pid: 101,
      exit: { code: null, signal: 'SIGKILL' },
    });
    expect(restarts[0]?.downMs).toBeLessThan(100);
    expect(supervised.pid).toBe(101);

    // A second death within the minute waits half a second.
    const diedAt = Date.now();
    processes.kill(101, { code: 1, signal: null });
    await until(() => restarts.length === 2);
    expect(Date.now() - diedAt).toBeGreaterThanOrEqual(450);

    await supervised.stop();
    expect(processes.stopped).toEqual([102]);
    expect(restarts).toHaveLength(2);
  });

  it('is not started again once stopped, even during a backoff', async () => {
    const processes = fakeProcesses();
    const restarts: Restart[] = [];
    const supervised = new Supervised(
      { name: 'test', start: processes.start, stop: processes.stop, onRestart: (r) => restarts.push(r) },
      await processes.start(),
    );
    processes.kill(100, { code: null, signal: 'SIGKILL' });
    await until(() => restarts.length === 1);
    processes.kill(101, { code: null, signal: 'SIGKILL' });
    await supervised.stop();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(restarts).toHaveLength(1);
    expect(supervised.pid).toBe(101);
  });
});
