/** When nodes count as down: after a silence, and never before the grace that follows a start. */
export interface LivenessTiming {
  /** A node silent this long (no heartbeat) is down. */
  downAfterMs: number;
  /** After the control plane starts, nodes have this long to reconnect before any is down. */
  graceMs: number;
  /** When this control plane started (ms since the epoch). */
  startedAt: number;
}

/**
 * Why a ready node is down now, or null while it may still be up. A node's last heartbeat may be
 * from before this control plane started (its agent has not reconnected yet): the grace, not the
 * time the control plane itself was away, decides then. Pure.
 */
export function downReason(lastHeartbeatAt: Date | null, timing: LivenessTiming, now: number): string | null {
  const graceEnds = timing.startedAt + timing.graceMs;
  if (now < graceEnds) return null;
  const last = lastHeartbeatAt?.getTime() ?? 0;
  if (now - last < timing.downAfterMs) return null;
  const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
  // Silent since before the start: it missed the grace, whatever it did before.
  if (last < timing.startedAt) {
    return `not back within the ${seconds(timing.graceMs)} grace after the control plane started`;
  }
  return `no heartbeat for ${seconds(now - last)}`;
}
