import type { ServiceSpecInput, ServiceView, TaskView } from '@switchyard/contracts';
import type { LogLine } from '../containers/api.js';

/** A line of a task's output, with the task and node it came from. */
export interface ServiceLogLine extends LogLine {
  taskId: string;
  nodeId: string;
}

/** Services and their tasks; the scheduler places the tasks, the reconciler keeps them converging. */
export interface ServiceService {
  create(spec: ServiceSpecInput, actor: string): Promise<ServiceView>;
  list(): Promise<ServiceView[]>;
  get(idOrName: string): Promise<ServiceView>;
  /** Replaces the spec; with `version`, only while the service is still at it (else CONFLICT). */
  update(
    idOrName: string,
    spec: ServiceSpecInput,
    version: number | null,
    actor: string,
  ): Promise<ServiceView>;
  scale(idOrName: string, replicas: number, actor: string): Promise<ServiceView>;
  remove(idOrName: string, actor: string): Promise<void>;
  /** Every task of every service, history included. */
  tasks(): Promise<TaskView[]>;
  /** The output of the service's live tasks, merged in time order. */
  logs(idOrName: string, options: { tail: number | null }): Promise<ServiceLogLine[]>;
}
