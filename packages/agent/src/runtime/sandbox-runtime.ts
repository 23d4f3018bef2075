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
 */
export interface SandboxRuntime extends RuntimeProcessAccess {
  sync(sandboxes: readonly DesiredSandbox[]): Promise<void>;
  status(): ObservedSandbox[];
  logs(request: ContainerLogsRequest): Promise<ContainerLogsResponse>;
  /** Called when a process starts, exits or restarts on its own, so the agent reports it. */
  onChange(listener: () => void): void;
  /** Stops every process (the agent is leaving). */
  close(): Promise<void>;
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
