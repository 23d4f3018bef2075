/**
 * Slows password guessing. Every login attempt is counted against its peer address (the socket's,
 * or the browser's as the dashboard's own server vouches for it) and against a global ceiling for
 * the whole control plane, before it runs: a batch of N logins is N attempts. A successful login
 * gives its own attempt back, so signing in normally never locks anyone out.
 */
export class LoginThrottle {
  private readonly attempts = new Map<string, number[]>();
  private global: number[] = [];

  constructor(
    /** Attempts one peer may make within the window (failures; successes are given back). */
    private readonly perPeerLimit = 10,
    private readonly windowMs = 5 * 60 * 1000,
    /** Attempts the whole control plane takes within the window, from everyone together. */
    private readonly globalLimit = 100,
  ) {}

  /**
   * Admits `count` attempts from `peer` and counts them, or refuses them all, saying in how many
   * seconds the peer (or anyone, at the global ceiling) may try again.
   */
  admit(
    peer: string,
    count: number,
    now = Date.now(),
  ): { ok: true } | { ok: false; retryAfterSeconds: number; global: boolean } {
    const recent = this.recent(this.attempts.get(peer) ?? [], now);
    if (recent.length + count > this.perPeerLimit)
      return {
        ok: false,
        retryAfterSeconds: this.waitFor(recent, count, this.perPeerLimit, now),
        global: false,
      };
    this.global = this.recent(this.global, now);
    if (this.global.length + count > this.globalLimit)
      return {
        ok: false,
        retryAfterSeconds: this.waitFor(this.global, count, this.globalLimit, now),
        global: true,
      };
    for (let i = 0; i < count; i++) {
      recent.push(now);
      this.global.push(now);
    }
    this.attempts.set(peer, recent);
    return { ok: true };
  }

  /** A login from `peer` succeeded: its attempt is given back. */
  succeed(peer: string, now = Date.now()): void {
    const recent = this.recent(this.attempts.get(peer) ?? [], now);
    recent.pop();
    if (recent.length === 0) this.attempts.delete(peer);
    else this.attempts.set(peer, recent);
    this.global = this.recent(this.global, now);
    this.global.pop();
  }

  private recent(times: number[], now: number): number[] {
    return times.filter((at) => at > now - this.windowMs);
  }

  /** Seconds until `count` more attempts fit under `limit` again. */
  private waitFor(recent: number[], count: number, limit: number, now: number): number {
    const freeing = recent[Math.max(0, recent.length + count - limit - 1)] ?? now;
    return Math.max(1, Math.ceil((Math.min(freeing, now) + this.windowMs - now) / 1000));
  }
}
