import { createHash } from 'node:crypto';
import {
  nsPerMs,
  type HealthCheck,
  type ServiceSpec,
  type ServiceView,
  type TaskView,
} from '@switchyard/contracts';
import { probeCommand } from './service-translate.js';

/** What the JSON needs of a network: Docker names networks by id in specs and gives VIPs with a prefix. */
export interface NetworkRef {
  id: string;
  name: string;
  /** The first subnet's prefix length; null for networks without IPAM. */
  prefixLength: number | null;
}

function resolveNetwork(networks: readonly NetworkRef[], key: string): NetworkRef | undefined {
  return networks.find((n) => n.id === key || n.name === key) ?? networks.find((n) => n.id.startsWith(key));
}

function healthcheckTest(check: HealthCheck): string[] {
  if (check.kind === 'command') {
    const argv = check.command ?? [];
    return argv[0] === '/bin/sh' && argv[1] === '-c' && argv.length === 3
      ? ['CMD-SHELL', argv[2] ?? '']
      : ['CMD', ...argv];
  }
  const target = [String(check.port ?? ''), ...(check.kind === 'http' && check.path ? [check.path] : [])];
  return ['CMD', probeCommand, check.kind, ...target];
}

function toDockerHealthcheck(check: HealthCheck | null) {
  if (check === null) return undefined;
  return {
    Test: healthcheckTest(check),
    Interval: check.intervalMs * nsPerMs,
    Timeout: check.timeoutMs * nsPerMs,
    Retries: check.retries,
    StartPeriod: check.startPeriodMs * nsPerMs,
  };
}

const restartCondition = { no: 'none', 'on-failure': 'on-failure', always: 'any', 'unless-stopped': 'any' };

/** The TaskTemplate, shared by the service's Spec and each task's Spec. */
export function toDockerTaskTemplate(spec: ServiceSpec, networks: readonly NetworkRef[]) {
  const healthcheck = toDockerHealthcheck(spec.healthCheck);
  return {
    ContainerSpec: {
      Image: spec.image,
      ...(spec.entrypoint === null ? {} : { Command: spec.entrypoint }),
      ...(spec.command.length > 0 ? { Args: spec.command } : {}),
      ...(spec.user === null ? {} : { User: spec.user }),
      ...(spec.workingDir === null ? {} : { Dir: spec.workingDir }),
      ...(spec.stopSignal === null ? {} : { StopSignal: spec.stopSignal }),
      ...(spec.stopTimeout === null ? {} : { StopGracePeriod: spec.stopTimeout * 1e9 }),
      ...(Object.keys(spec.env).length > 0
        ? { Env: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`) }
        : {}),
      ...(healthcheck === undefined ? {} : { Healthcheck: healthcheck }),
      Isolation: 'default',
    },
    Resources: { Limits: {}, Reservations: {} },
    RestartPolicy: {
      Condition: restartCondition[spec.restartPolicy.name],
      Delay: 5_000_000_000,
      MaxAttempts: spec.restartPolicy.maximumRetryCount,
    },
    Placement: spec.constraints.length > 0 ? { Constraints: spec.constraints } : {},
    ...(spec.networks.length > 0
      ? {
          Networks: spec.networks.map((attachment) => ({
            Target: resolveNetwork(networks, attachment.network)?.id ?? attachment.network,
            ...(attachment.aliases.length > 0 ? { Aliases: attachment.aliases } : {}),
          })),
        }
      : {}),
    ForceUpdate: 0,
    Runtime: 'container',
  };
}

function toDockerPorts(ports: ServiceView['ports'] | ServiceSpec['ports']) {
  return ports.map((port) => ({
    Protocol: port.protocol,
    TargetPort: port.targetPort,
    ...(port.publishedPort === null ? {} : { PublishedPort: port.publishedPort }),
    PublishMode: port.publishMode,
  }));
}

function toDockerSpec(spec: ServiceSpec, networks: readonly NetworkRef[]) {
  const endpointSpec = {
    Mode: spec.endpointMode,
    ...(spec.ports.length > 0 ? { Ports: toDockerPorts(spec.ports) } : {}),
  };
  return {
    Name: spec.name,
    Labels: spec.labels,
    TaskTemplate: toDockerTaskTemplate(spec, networks),
    Mode: spec.mode === 'global' ? { Global: {} } : { Replicated: { Replicas: spec.replicas } },
    UpdateConfig: {
      Parallelism: spec.update.parallelism,
      Delay: spec.update.delayMs * nsPerMs,
      FailureAction: 'pause',
      Monitor: 5_000_000_000,
      MaxFailureRatio: 0,
      Order: 'stop-first',
    },
    EndpointSpec: endpointSpec,
  };
}

const updateState = {
  updating: 'updating',
  completed: 'completed',
  paused: 'paused',
  rollback_started: 'rollback_started',
  rollback_completed: 'rollback_completed',
} as const;

/** `GET /services/{id}` and each entry of `GET /services`; `status` adds ServiceStatus (`?status=true`). */
export function toDockerService(view: ServiceView, networks: readonly NetworkRef[], status: boolean) {
  const spec = toDockerSpec(view.spec, networks);
  const update = view.updateStatus;
  return {
    ID: view.id,
    Version: { Index: view.version },
    CreatedAt: view.createdAt,
    UpdatedAt: view.updatedAt,
    Spec: spec,
    Endpoint: {
      Spec: spec.EndpointSpec,
      ...(view.ports.length > 0 ? { Ports: toDockerPorts(view.ports) } : {}),
      ...(view.virtualIps.length > 0
        ? {
            VirtualIPs: view.virtualIps.map((vip) => {
              const prefix = resolveNetwork(networks, vip.networkId)?.prefixLength ?? null;
              const addr =
                vip.address.includes('/') || prefix === null ? vip.address : `${vip.address}/${prefix}`;
              return { NetworkID: vip.networkId, Addr: addr };
            }),
          }
        : {}),
    },
    ...(update === null
      ? {}
      : {
          UpdateStatus: {
            State: updateState[update.state],
            StartedAt: update.startedAt,
            ...(update.completedAt === null ? {} : { CompletedAt: update.completedAt }),
            Message: update.message,
          },
        }),
    ...(status
      ? {
          ServiceStatus: {
            RunningTasks: view.running,
            DesiredTasks: view.desired,
            CompletedTasks: view.tasks.filter((task) => task.state === 'complete').length,
          },
        }
      : {}),
  };
}

/** `GET /tasks` entries and `GET /tasks/{id}`; `service` is the task's service, for its Spec. */
export function toDockerTask(
  task: TaskView,
  service: ServiceView | undefined,
  networks: readonly NetworkRef[],
) {
  return {
    ID: task.id,
    Version: { Index: 1 },
    CreatedAt: task.createdAt,
    UpdatedAt: task.updatedAt,
    Labels: {},
    Spec: service === undefined ? {} : toDockerTaskTemplate(service.spec, networks),
    ServiceID: task.serviceId,
    ...(task.slot === null ? {} : { Slot: task.slot }),
    ...(task.nodeId === null ? {} : { NodeID: task.nodeId }),
    Status: {
      Timestamp: task.updatedAt,
      State: task.state,
      Message: task.message,
      ...(task.error === null ? {} : { Err: task.error }),
      ...(task.containerId === null
        ? {}
        : { ContainerStatus: { ContainerID: task.containerId, PID: 0, ExitCode: 0 } }),
      PortStatus: {},
    },
    DesiredState: task.desiredState,
    NetworksAttachments: task.addresses.map((address) => {
      const network = resolveNetwork(networks, address.networkId);
      const prefix = network?.prefixLength ?? null;
      return {
        Network: { ID: address.networkId, Spec: { Name: address.networkName } },
        Addresses: [prefix === null ? address.address : `${address.address}/${prefix}`],
      };
    }),
  };
}

/**
 * A slot the scheduler could not fill (ServiceView.pending, `slot N: why`), as Docker lists such a
 * task: pending, on no node, its error saying why, so `docker service ps` shows it.
 */
export function toDockerPendingTasks(service: ServiceView, networks: readonly NetworkRef[]) {
  return service.pending.flatMap((line) => {
    const match = /^slot (\d+): (.*)$/s.exec(line);
    if (match === null) return [];
    const slot = Number(match[1]);
    return [
      {
        ID: createHash('sha256').update(`${service.id}/${slot}`).digest('hex').slice(0, 25),
        Version: { Index: 1 },
        CreatedAt: service.updatedAt,
        UpdatedAt: service.updatedAt,
        Labels: {},
        Spec: toDockerTaskTemplate(service.spec, networks),
        ServiceID: service.id,
        Slot: slot,
        Status: {
          Timestamp: service.updatedAt,
          State: 'pending',
          Message: 'pending task scheduling',
          Err: match[2] ?? '',
          PortStatus: {},
        },
        DesiredState: 'running',
        NetworksAttachments: [],
      },
    ];
  });
}
