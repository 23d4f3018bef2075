import type { LiveBus, SandboxObservation } from '../events/live-bus.js';
import type { ContainerService } from './api.js';

/** How long a removal waits for attached clients to read the last output. */
const drainLimitMs = 5_000;
/** How long the exit code of a removed container is kept for `docker wait --condition removed`. */
const keepExitMs = 60_000;
const maxSeen = 10_000;

/**
 * `docker run --rm`: a container created with autoRemove is removed once it exits (or fails to
 * start). Its exit code is kept a while for waiters, and the removal waits for attached streams
 * (a foreground `docker run`) to send the last output they read.
 */
export class AutoRemover {
  /** Exits already seen, by `id@finishedAt`: a report repeats an exit until the container goes. */
  private readonly seen = new Set<string>();
  private readonly holds = new Map<string, number>();
  private readonly exits = new Map<string, { exitCode: number; at: number }>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly onObserved = (observation: SandboxObservation) => this.observe(observation);

  constructor(
    private readonly bus: LiveBus,
    private readonly containers: Pick<ContainerService, 'get' | 'remove'>,
  ) {
    bus.on('sandbox.observed', this.onObserved);
  }

  /** Holds a container's removal until the returned release is called (or the drain limit passes). */
  hold(containerId: string): () => void {
    this.holds.set(containerId, (this.holds.get(containerId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.holds.get(containerId) ?? 1) - 1;
      if (left > 0) this.holds.set(containerId, left);
      else this.holds.delete(containerId);
    };
  }

  /** The exit code of a container this removed lately. */
  exitCodeOf(containerId: string): number | undefined {
    return this.exits.get(containerId)?.exitCode;
  }

  async close(): Promise<void> {
    this.bus.off('sandbox.observed', this.onObserved);
    await Promise.allSettled([...this.inFlight]);
  }

  private observe({ sandbox }: SandboxObservation): void {
    if (sandbox.status !== 'exited' && sandbox.status !== 'dead') return;
    const key = `${sandbox.id}@${sandbox.finishedAt ?? sandbox.error ?? ''}`;
    if (this.seen.has(key)) return;
    // Exits of containers without --rm stay seen (one lookup each); the set is bounded all the same.
    if (this.seen.size > maxSeen) this.seen.clear();
    this.seen.add(key);
    const work = this.removeIfAsked(sandbox.id, sandbox.exitCode ?? 0).finally(() => {
      this.inFlight.delete(work);
    });
    this.inFlight.add(work);
  }

  private async removeIfAsked(id: string, exitCode: number): Promise<void> {
    const view = await this.containers.get(id).catch(() => null);
    if (view === null) return this.forget(id);
    // Not --rm, or up again (a start raced the report): nothing to do.
    if (view.autoRemove !== true || view.status === 'running' || view.status === 'restarting') return;
    const now = Date.now();
    for (const [other, exit] of this.exits) if (now - exit.at > keepExitMs) this.exits.delete(other);
    this.exits.set(id, { exitCode, at: now });
    for (let waited = 0; this.holds.has(id) && waited < drainLimitMs; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.containers
      .remove(id, { force: true }, 'switchyard (--rm)')
      .catch((error: unknown) => console.error(`auto-remove of container ${view.name} failed:`, error));
    this.forget(id);
  }

  private forget(id: string): void {
    for (const key of this.seen) if (key.startsWith(`${id}@`)) this.seen.delete(key);
  }
}
