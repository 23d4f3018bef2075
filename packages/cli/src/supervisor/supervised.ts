import type { ProcessExit } from '../process-exit.js';
import { failuresAfter, restartDelay } from './backoff.js';

export type { ProcessExit };

/** A started process: its pid, and how it ends. */
export interface RunningProcess {
  pid: number;
  exited: Promise<ProcessExit>;
}

export interface Restart {
  previousPid: number;
  pid: number;
  exit: ProcessExit;
  /** From the death to the new process answering. */
  downMs: number;
}

export interface SupervisedOptions {
  /** For the supervisor's own messages, e.g. "control plane". */
  name: string;
  /** Starts the process and resolves once it answers. */
  start: () => Promise<RunningProcess>;
  /** Stops it on purpose (Ctrl-C); its exit is then not a death. */
  stop: (process: RunningProcess) => Promise<void>;
  onRestart: (restart: Restart) => void;
}

/**
 * Keeps one process running: when it dies without being asked to, it is started again (at once the
 * first time, backing off while it keeps dying; see backoff.ts) until stop().
 */
export class Supervised {
  private current: RunningProcess;
  private stopping = false;
  private wake: () => void = () => undefined;
  private readonly watching: Promise<void>;

  constructor(
    private readonly options: SupervisedOptions,
    first: RunningProcess,
  ) {
    this.current = first;
    this.watching = this.watch();
  }

  get pid(): number {
    return this.current.pid;
  }

  /** No more restarts; stops the process (waiting out a start under way) and resolves once it is gone. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.watching;
    await this.options.stop(this.current);
  }

  private async watch(): Promise<void> {
    let failures = 0;
    let startedAt = Date.now();
    for (;;) {
      const exit = await Promise.race([this.current.exited, this.stopRequested()]);
      if (this.stopping || exit === undefined) return;
      const diedAt = Date.now();
      const previousPid = this.current.pid;
      let delay = restartDelay(failures);
      failures = failuresAfter(failures, diedAt - startedAt);
      for (;;) {
        if (delay > 0) await this.sleep(delay);
        if (this.stopping) return;
        try {
          this.current = await this.options.start();
          break;
        } catch (error) {
          console.error(
            `supervisor: the ${this.options.name} did not start again: ${error instanceof Error ? error.message : String(error)}`,
          );
          delay = restartDelay(failures);
          failures += 1;
        }
      }
      startedAt = Date.now();
      if (this.stopping) return;
      this.options.onRestart({ previousPid, pid: this.current.pid, exit, downMs: startedAt - diedAt });
    }
  }

  private stopRequested(): Promise<undefined> {
    return new Promise((resolve) => {
      if (this.stopping) resolve(undefined);
      this.wake = () => resolve(undefined);
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
