import type { DesiredMesh, RouteCounters } from '@switchyard/contracts';

/**
 * The routing mesh's proxy on this host. The reconciler hands it every pass's `hrm` (null: none);
 * the agent reads its counters for the heartbeat and closes it when leaving.
 */
export interface MeshProxy {
  /**
   * Makes the proxy serve `mesh`, starting it (or again, if it died) or reloading it when what it
   * serves changed; null stops it. Rejects with why the proxy does not serve `mesh`.
   */
  sync(mesh: DesiredMesh | null): Promise<void>;
  /** Each route's counters since the proxy started; undefined while it does not run. */
  counters(): Promise<RouteCounters[] | undefined>;
  /** Stops the proxy (the agent is leaving). */
  close(): Promise<void>;
}
