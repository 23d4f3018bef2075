import type { ContainerView } from '@switchyard/contracts';
import type { ContainerService } from '../containers/api.js';
import { ServiceError } from '../errors.js';
import type { EventInput } from '../events/event-log.js';
import type { AgentHub, ExecListener } from '../hub/agent-hub.js';
import { newDockerId } from '../inventory/ids.js';

/** What `docker exec` asks for (`POST /containers/{id}/exec`), as the Engine API names it. */
export interface ExecConfig {
  command: string[];
  tty: boolean;
  attachStdin: boolean;
  attachStdout: boolean;
  attachStderr: boolean;
  env: string[];
  user: string;
  workingDir: string;
  privileged: boolean;
  detachKeys: string;
}

/** Docker's exec instance: made by a create, run once by a start, inspected for its exit code. */
export interface ExecInstance {
  id: string;
  containerId: string;
  containerName: string;
  config: ExecConfig;
  running: boolean;
  /** Set once it ran; null before it starts and while it runs. */
  exitCode: number | null;
  pid: number | null;
  /** Set once started: an instance runs once. */
  started: boolean;
  endedAt: number | null;
}

/** A running session: its input, its terminal's size, and its end from the client's side. */
export interface ExecSession {
  write(data: Uint8Array): void;
  endInput(): void;
  resize(cols: number, rows: number): void;
  kill(): void;
}

export interface ExecDeps {
  containers: Pick<ContainerService, 'get'>;
  agentHub: Pick<AgentHub, 'execStart' | 'execInput' | 'execResize' | 'execKill'>;
  events: { record(input: EventInput): Promise<unknown> };
}

/** Ended instances are kept this long for their exit code, as Docker keeps them a while. */
const keepEndedMs = 10 * 60_000;
const maxInstances = 10_000;

const isUp = (view: ContainerView) => view.status === 'running';

/**
 * Exec instances, in memory (they last no longer than a client's session): created on a running
 * container, started once on its node through the agent hub, their exit codes kept for inspection.
 */
export class ExecService {
  private readonly instances = new Map<string, ExecInstance>();

  constructor(private readonly deps: ExecDeps) {}

  async create(containerKey: string, config: ExecConfig): Promise<ExecInstance> {
    const view = await this.deps.containers.get(containerKey);
    if (!isUp(view)) throw new ServiceError('CONFLICT', `Container ${view.id} is not running`, 'container');
    this.prune();
    const instance: ExecInstance = {
      id: newDockerId(),
      containerId: view.id,
      containerName: view.name,
      config,
      running: false,
      exitCode: null,
      pid: null,
      started: false,
      endedAt: null,
    };
    this.instances.set(instance.id, instance);
    return instance;
  }

  get(id: string): ExecInstance {
    const instance = this.instances.get(id);
    if (instance === undefined) throw new ServiceError('NOT_FOUND', `No such exec instance: ${id}`, 'exec');
    return instance;
  }

  /**
   * Runs an instance on its container's node; `listener` hears its output and exit. The exit code
   * is recorded before the listener hears of the exit, so an inspect made then sees it.
   */
  async start(
    id: string,
    options: { cols?: number; rows?: number; actor: string },
    listener: ExecListener,
  ): Promise<ExecSession> {
    const instance = this.get(id);
    if (instance.started) {
      throw new ServiceError('CONFLICT', `exec ${id} has already run: an exec instance runs once`, 'exec');
    }
    const view = await this.deps.containers.get(instance.containerId);
    if (!isUp(view)) throw new ServiceError('CONFLICT', `Container ${view.id} is not running`, 'container');
    instance.started = true;
    try {
      return await this.run(instance, view, options, listener);
    } catch (error) {
      // Docker's code for a command that could not be run.
      instance.exitCode = 126;
      instance.endedAt = Date.now();
      throw error;
    }
  }

  private async run(
    instance: ExecInstance,
    view: ContainerView,
    options: { cols?: number; rows?: number; actor: string },
    listener: ExecListener,
  ): Promise<ExecSession> {
    const { config, id } = instance;
    const reply = await this.deps.agentHub
      .execStart(
        view.nodeId,
        {
          execId: id,
          sandboxId: view.id,
          command: config.command,
          tty: config.tty,
          stdin: config.attachStdin,
          env: config.env,
          user: config.user,
          workingDir: config.workingDir,
          ...(options.cols === undefined || options.rows === undefined
            ? {}
            : { cols: options.cols, rows: options.rows }),
        },
        {
          output: (stream, data) => listener.output(stream, data),
          exit: (exitCode, error) => {
            instance.running = false;
            instance.exitCode = exitCode;
            instance.endedAt = Date.now();
            listener.exit(exitCode, error);
          },
        },
      )
      .catch((error: unknown) => {
        throw new ServiceError(
          'UNAVAILABLE',
          `the agent on ${view.nodeName} did not start the exec: ${String(error)}`,
        );
      });
    if (reply === null) {
      throw new ServiceError(
        'UNAVAILABLE',
        `node ${view.nodeName} is down: cannot exec in container ${view.name}`,
      );
    }
    if (!reply.ok) throw new ServiceError('BAD_REQUEST', reply.error, 'exec');
    instance.running = instance.exitCode === null;
    instance.pid = reply.pid;
    await this.deps.events.record({
      kind: 'container.exec',
      severity: 'info',
      actor: options.actor,
      subject: view.name,
      message: `${options.actor} ran ${JSON.stringify(config.command.join(' '))} in container ${view.name}`,
    });
    const hub = this.deps.agentHub;
    return {
      write: (data) => hub.execInput(id, data),
      endInput: () => hub.execInput(id, null),
      resize: (cols, rows) => hub.execResize(id, cols, rows),
      kill: () => hub.execKill(id),
    };
  }

  /** `POST /exec/{id}/resize`: only a running session with a terminal has a size. */
  resize(id: string, cols: number, rows: number): void {
    const instance = this.get(id);
    if (!instance.running) throw new ServiceError('CONFLICT', `exec ${id} is not running`, 'exec');
    this.deps.agentHub.execResize(id, cols, rows);
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, instance] of this.instances) {
      const stale = instance.endedAt !== null && now - instance.endedAt > keepEndedMs;
      if (stale || this.instances.size > maxInstances) this.instances.delete(id);
    }
  }
}
