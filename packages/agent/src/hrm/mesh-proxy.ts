import type { DesiredMesh, RouteCounters } from '@switchyard/contracts';

/**
 * The routing mesh's proxy on this host. The reconciler hands it every pass's `hrm` (null: none);
 * the agent reads its counters for the heartbeat and lets it go when leaving. The proxy outlives
 * the agent (live restore): a new agent's first `sync` adopts the one still running and reloads
 * it if what it serves changed, never restarting it.
 */
export interface MeshProxy {
  /**
   * Makes the proxy serve `mesh`, starting it (or again, if it died) or reloading it when what it
   * serves changed; null stops it. Rejects with why the proxy does not serve `mesh`.
   */
  sync(mesh: DesiredMesh | null): Promise<void>;
  /**
   * The files the running proxy was given that now differ on disk from what it serves (edited or
   * deleted by hand), by name; they are written and reloaded again by the next `sync`. Empty when
   * intact or when no proxy runs `mesh`.
   */
  drifted(mesh: DesiredMesh): Promise<string[]>;
  /** Each route's counters since the proxy started; undefined while it does not run. */
  counters(): Promise<RouteCounters[] | undefined>;
  /** Lets go, leaving the proxy running for the next agent to adopt (the agent is leaving). */
  close(): Promise<void>;
  /** Stops the proxy, then lets go (`--no-live-restore`, tests). */
  stopAll(): Promise<void>;
}
