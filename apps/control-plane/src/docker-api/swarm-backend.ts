import type { NodeView, ServiceSpecInput, ServiceView, TaskView } from '@switchyard/contracts';
import type { LogLine } from '../containers/api.js';

/**
 * What the Swarm endpoints need from the service layer, in the contracts' terms. Names or ids are
 * accepted wherever Docker accepts them; refusals are ServiceErrors.
 */
export interface SwarmServiceBackend {
  list(): Promise<ServiceView[]>;
  get(idOrName: string): Promise<ServiceView>;
  create(spec: ServiceSpecInput, actor: string): Promise<ServiceView>;
  /** Replaces the spec when the service is still at `version`; otherwise a CONFLICT. */
  update(idOrName: string, spec: ServiceSpecInput, version: number, actor: string): Promise<ServiceView>;
  remove(idOrName: string, actor: string): Promise<void>;
  /** Every task of every service, history included. */
  tasks(): Promise<TaskView[]>;
  logs(idOrName: string, options: { tail: number | null }): Promise<ServiceLogLine[]>;
}

/** A line of a task's output, with the task and node it came from. */
export interface ServiceLogLine extends LogLine {
  taskId: string;
  nodeId: string;
}

/** What `docker node update` may change; the agents are workers, the control plane the one manager. */
export interface NodeSpecChange {
  availability: NodeView['availability'];
  labels: Record<string, string>;
}

export interface SwarmNodeBackend {
  list(): Promise<NodeView[]>;
  /** Replaces availability and labels when the node is still at `version`; otherwise a CONFLICT. */
  update(idOrName: string, change: NodeSpecChange, version: number, actor: string): Promise<NodeView>;
}

export interface SwarmBackend {
  services: SwarmServiceBackend;
  nodes: SwarmNodeBackend;
  /** The cluster as `docker info` shows it; stable across restarts. */
  cluster: { id: string; createdAt: string };
}
