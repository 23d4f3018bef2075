import { describeRestart, type ProcessRestart } from '@switchyard/contracts';
import { z } from 'zod';
import { mutateControlPlane } from '../control-plane-client.js';
import { readLocalControlPlane } from '../local-control-plane.js';

/** How long a report is retried while the control plane cannot take it (it may be restarting too). */
const retryForMs = 120_000;
const retryEveryMs = 500;

/**
 * Tells the control plane, in order, about each process the supervisor restarted: an event in its
 * log, through the local CLI's token (found anew at each try: a restarted control plane rotates it).
 */
export class RestartReporter {
  private readonly queue: ProcessRestart[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly dataDir: string) {}

  report(restart: ProcessRestart): void {
    console.log(`supervisor: ${describeRestart(restart)}`);
    this.queue.push(restart);
    this.flushing ??= this.flush().finally(() => (this.flushing = null));
  }

  /** Gives up on what is not sent yet. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
  }

  private async flush(): Promise<void> {
    for (let next = this.queue[0]; next !== undefined && !this.closed; next = this.queue[0]) {
      const deadline = Date.now() + retryForMs;
      while (!this.closed && !(await this.send(next)) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, retryEveryMs));
      this.queue.shift();
    }
  }

  private async send(restart: ProcessRestart): Promise<boolean> {
    const controlPlane = await readLocalControlPlane(this.dataDir).catch(() => undefined);
    if (controlPlane === undefined) return false;
    return mutateControlPlane(controlPlane, 'events.reportRestart', restart, z.unknown(), 5_000).then(
      () => true,
      () => false,
    );
  }
}
