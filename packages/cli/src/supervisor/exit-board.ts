import type { ProcessExit } from '../process-exit.js';

/**
 * Exits of processes known by pid, whichever comes first: the exit, or the question. A lab agent's
 * exit is told to a listener, and may be told before its starter has returned the pid.
 */
export class ExitBoard {
  private readonly exits = new Map<
    number,
    { promise: Promise<ProcessExit>; resolve: (exit: ProcessExit) => void }
  >();

  readonly record = (pid: number, exit: ProcessExit): void => this.entry(pid).resolve(exit);

  exitOf(pid: number): Promise<ProcessExit> {
    return this.entry(pid).promise;
  }

  private entry(pid: number) {
    let entry = this.exits.get(pid);
    if (entry === undefined) {
      let resolve: (exit: ProcessExit) => void = () => undefined;
      const promise = new Promise<ProcessExit>((settle) => (resolve = settle));
      entry = { promise, resolve };
      this.exits.set(pid, entry);
    }
    return entry;
  }
}
