import type { ContainerCreateInput, ContainerView } from '@switchyard/contracts';

export interface LogLine {
  stream: 'stdout' | 'stderr';
  at: string;
  text: string;
}

export interface ContainerService {
  create(input: ContainerCreateInput, actor: string): Promise<ContainerView>;
  list(options: { all: boolean }): Promise<ContainerView[]>;
  get(idOrName: string): Promise<ContainerView>;
  /** Resolves once the agent reports it running, or with a ServiceError saying why it is not. */
  start(idOrName: string, actor: string): Promise<ContainerView>;
  /** Resolves once the agent reports it stopped (SIGTERM, then SIGKILL after `timeoutSeconds`). */
  stop(idOrName: string, actor: string, timeoutSeconds?: number): Promise<ContainerView>;
  remove(idOrName: string, options: { force: boolean }, actor: string): Promise<void>;
  /** A new name: the embedded DNS answers it (and no longer the old one) on the container's networks. */
  rename(idOrName: string, name: string, actor: string): Promise<ContainerView>;
  logs(idOrName: string, options: { tail: number | null }): Promise<LogLine[]>;
}
