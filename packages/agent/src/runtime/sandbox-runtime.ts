import type {
  ContainerLogsRequest,
  ContainerLogsResponse,
  DesiredSandbox,
  ExecStartRequest,
  ObservedSandbox,
  SignalResponse,
  TopResponse,
} from '@switchyard/contracts';

/**
 * Runs what lives in each sandbox: the container's process, supervised. The reconciler calls
 * `sync` after every sandbox's namespace and endpoints exist (and before they are torn down), with
 * every sandbox this node must have; processes of sandboxes not listed are stopped and forgotten.
 *
 * Live restore (as dockerd's `live-restore`): workloads outlive the agent. For each workload it
 * starts, a runtime keeps a record in the agent's state directory naming the process (its sandbox
 * id, and what tells it from a later process with the same pid) and the spec it was started from.
 * A workload must not need the agent alive: no pipe to the agent, no parent-death signal.
 *
 * The first `sync` of a runtime on a state directory adopts what a previous agent left: a recorded
 * workload that still runs, whose sandbox is listed asking for the same spec and start generation,
 * is kept as it is (not restarted); its `status`, `logs` (earlier and new lines), health checks and
 * restart policy carry on. A recorded workload that is not listed, or asks for another spec, is
 * stopped as any other; a process in a listed sandbox that the runtime has no record of is a stray
 * and is killed.
 */
export interface SandboxRuntime extends RuntimeProcessAccess {
  sync(sandboxes: readonly DesiredSandbox[]): Promise<void>;
  status(): ObservedSandbox[];
  logs(request: ContainerLogsRequest): Promise<ContainerLogsResponse>;
  /** Called when a process starts, exits or restarts on its own, so the agent reports it. */
  onChange(listener: () => void): void;
  /**
   * Lets go, leaving every workload running (the agent is leaving with live restore): no more
   * restarts, health checks or watching; logs written out and records kept for the next agent.
   */
  close(): Promise<void>;
  /**
   * Stops every workload, those it runs and those a previous agent recorded, and removes their
   * records; then lets go as `close` does (`--no-live-restore`, and tests that need a clean slate).
   */
  stopAll(): Promise<void>;
}

/** How to start an exec process: a program the exec session runs (under a pseudo-terminal if asked). */
export type ExecCommand =
  | { ok: true; file: string; args: string[]; env: Record<string, string>; cwd?: string }
  | { ok: false; error: string };

/** What `docker top` and `docker exec` need from a runtime, for a running sandbox. */
export interface RuntimeProcessAccess {
  top(sandboxId: string): Promise<TopResponse>;
  execCommand(request: ExecStartRequest): Promise<ExecCommand>;
  /** `docker kill`: the signal goes to the container's main process. */
  signal(sandboxId: string, signal: NodeJS.Signals | number): Promise<SignalResponse>;
}
