import { stillRuns } from './proc-stat.js';

const pollMs = 250;

/**
 * Resolves once the process `pid` that started at `startTime` has exited. An adopted workload is
 * not this agent's child, so no exit event comes: /proc is polled (Node has no pidfd_open, and a
 * native addon for one is not worth a quarter second). `cancel` stops watching (letting go).
 */
export function watchExit(pid: number, startTime: string): { exited: Promise<void>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const exited = new Promise<void>((resolve) => {
    const check = async () => {
      if (cancelled) return;
      if (!(await stillRuns(pid, startTime))) return resolve();
      if (cancelled) return;
      timer = setTimeout(() => void check(), pollMs);
      timer.unref();
    };
    void check();
  });
  return {
    exited,
    cancel: () => {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}
