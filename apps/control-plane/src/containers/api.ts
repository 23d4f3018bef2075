import type { ContainerCreateInput, ContainerView } from '@switchyard/contracts';

export interface LogLine {
  stream: 'stdout' | 'stderr';
  at: string;
  text: string;
}

export type ContainerState = Pick<ContainerView, 'id' | 'status' | 'exitCode' | 'finishedAt'>;

export interface ContainerService {
  create(input: ContainerCreateInput, actor: string): Promise<ContainerView>;
  list(options: { all: boolean }): Promise<ContainerView[]>;
  get(idOrName: string): Promise<ContainerView>;
  /** Whether it runs and how it last ended, from one lookup (`docker wait` polls it). */
  state(idOrName: string): Promise<ContainerState>;
  /** Resolves once the agent reports it running, or with a ServiceError saying why it is not. */
  start(idOrName: string, actor: string): Promise<ContainerView>;
  /** Resolves once the agent reports it stopped (SIGTERM, then SIGKILL after `timeoutSeconds`). */
  stop(idOrName: string, actor: string, timeoutSeconds?: number): Promise<ContainerView>;
  remove(idOrName: string, options: { force: boolean }, actor: string): Promise<void>;
  /** A new name: the embedded DNS answers it (and no longer the old one) on the container's networks. */
  rename(idOrName: string, name: string, actor: string): Promise<ContainerView>;
  logs(idOrName: string, options: { tail: number | null }): Promise<LogLine[]>;
  /** A running container's processes, as `ps -ef` shows them. */
  top(idOrName: string): Promise<ProcessList>;
  /** `docker kill`: a signal (name or number) to a running container's main process. */
  kill(idOrName: string, signal: string, actor: string): Promise<void>;
}

export interface ProcessList {
  titles: string[];
  processes: string[][];
}
