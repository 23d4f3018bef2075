/** A process loaded ahead of need that can be thrown away unused. */
export interface Discardable {
  discard(): void | Promise<void>;
}

/**
 * One loaded spare of a supervised process at a time, for a restart that skips the loading. A new
 * one is made a little after the last was taken (or at first), so that its loading does not slow
 * the restart it follows.
 */
export class Spare<T extends Discardable> {
  private ready: Promise<T | undefined> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly make: () => Promise<T>,
    private readonly delayMs = 2_000,
  ) {
    this.schedule();
  }

  /** The spare when one is loaded (or loading), else undefined: the caller starts a process cold. */
  take(): Promise<T | undefined> {
    const ready = this.ready ?? Promise.resolve(undefined);
    this.ready = undefined;
    this.schedule();
    return ready;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const ready = this.ready;
    this.ready = undefined;
    await (await ready)?.discard();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.closed) return;
    this.timer = setTimeout(() => {
      if (!this.closed) this.ready = this.make().catch(() => undefined);
    }, this.delayMs);
    this.timer.unref();
  }
}
