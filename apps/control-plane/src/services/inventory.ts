import type {
  RouteInput,
  RouteView,
  ContainerCreateInput,
  ContainerView,
  NetworkView,
  ServiceSpecInput,
  ServiceView,
  TaskView,
} from '@switchyard/contracts';
import type { NetworkCreateRequestInput } from './networks/create-input.js';

/**
 * The one service layer behind the dashboard (tRPC), the Docker Engine API and the CLI. Names or
 * ids are accepted wherever Docker accepts them (full id, unique id prefix, or name). Refusals are
 * ServiceErrors; `actor` is who asked, for the audit log.
 */
export interface NetworkService {
  create(input: NetworkCreateRequestInput, actor: string): Promise<NetworkView>;
  list(): Promise<NetworkView[]>;
  get(idOrName: string): Promise<NetworkView>;
  remove(idOrName: string, actor: string): Promise<void>;
  connect(
    network: string,
    container: string,
    options: { aliases?: string[]; ipv4Address?: string },
    actor: string,
  ): Promise<void>;
  disconnect(network: string, container: string, force: boolean, actor: string): Promise<void>;
  /** Removes every user-defined network without endpoints; returns their names. */
  prune(actor: string): Promise<string[]>;
}

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
  logs(idOrName: string, options: { tail: number | null }): Promise<LogLine[]>;
}

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

/**
 * The HTTP routing mesh's routes: a hostname to a service's port. Routes made from a service's
 * com.docker.ucp.mesh.http labels are kept in step with the labels by the service layer and are
 * changed through the labels, not here.
 */
export interface RouteService {
  list(): Promise<RouteView[]>;
  get(idOrHostname: string): Promise<RouteView>;
  create(input: RouteInput, actor: string): Promise<RouteView>;
  update(idOrHostname: string, input: RouteInput, actor: string): Promise<RouteView>;
  remove(idOrHostname: string, actor: string): Promise<void>;
}
