import {
  dockerServiceSpecSchema,
  given,
  nsPerMs,
  type DockerHealthcheck,
  type DockerServiceSpec,
  type HealthCheck,
  type ServiceSpecInput,
} from '@switchyard/contracts';
import { parseBody } from './parse-body.js';

/** The agent's own probes, spelled as a command so they survive Docker's ServiceSpec round trip. */
export const probeCommand = 'switchyard-probe';

/**
 * `["CMD", ...]`, `["CMD-SHELL", "..."]`, `["NONE"]`; `switchyard-probe http PORT [PATH]` and
 * `switchyard-probe tcp PORT` become the agent's HTTP and TCP probes.
 */
function toHealthCheck(check: DockerHealthcheck): HealthCheck | null | undefined {
  const [kind, ...rest] = check.Test;
  if (kind === undefined) return undefined;
  if (kind === 'NONE') return null;
  const argv = kind === 'CMD-SHELL' ? ['/bin/sh', '-c', rest.join(' ')] : rest;
  const words = kind === 'CMD-SHELL' ? rest.join(' ').trim().split(/\s+/) : rest;
  const timing = {
    intervalMs: check.Interval ? Math.round(check.Interval / nsPerMs) : 5_000,
    timeoutMs: check.Timeout ? Math.round(check.Timeout / nsPerMs) : 2_000,
    retries: check.Retries || 3,
    startPeriodMs: check.StartPeriod ? Math.round(check.StartPeriod / nsPerMs) : 0,
  };
  if (words[0] === probeCommand && (words[1] === 'http' || words[1] === 'tcp')) {
    return { kind: words[1], port: Number(words[2]), path: words[3], ...timing };
  }
  return { kind: 'command', command: argv, ...timing };
}

function toRestartPolicy(policy: NonNullable<DockerServiceSpec['TaskTemplate']['RestartPolicy']>) {
  const condition = given(policy.Condition) ?? 'any';
  const name = condition === 'none' ? 'no' : condition === 'on-failure' ? 'on-failure' : 'always';
  return { name, maximumRetryCount: policy.MaxAttempts ?? 0 } as const;
}

function toEnv(entries: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    entries.map((entry) => {
      const at = entry.indexOf('=');
      return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
}

/** Docker's ServiceSpec to the contracts' ServiceSpec; fields Swarm defaults are left to the schema. */
export function toServiceSpecInput(body: unknown): ServiceSpecInput {
  const spec = parseBody(dockerServiceSpecSchema, body);
  const container = spec.TaskTemplate.ContainerSpec;
  const mode = spec.Mode?.Global != null ? 'global' : 'replicated';
  const replicas = spec.Mode?.Replicated?.Replicas ?? 1;
  const networks = spec.TaskTemplate.Networks ?? spec.Networks ?? [];
  const healthCheck = container.Healthcheck ? toHealthCheck(container.Healthcheck) : undefined;
  const parallelism = spec.UpdateConfig?.Parallelism;
  return {
    name: spec.Name,
    // The CLI pins the image by digest when a registry answers; built-in images have none.
    image: container.Image.replace(/@sha256:[0-9a-f]+$/, ''),
    // Docker's Command replaces the image's entrypoint, Args its Cmd.
    entrypoint: container.Command.length > 0 ? container.Command : null,
    command: container.Args,
    env: toEnv(container.Env),
    user: given(container.User) ?? null,
    workingDir: given(container.Dir) ?? null,
    stopSignal: given(container.StopSignal) ?? null,
    stopTimeout: container.StopGracePeriod ? Math.round(container.StopGracePeriod / 1e9) : null,
    labels: spec.Labels,
    mode,
    replicas,
    networks: networks.map((network) => ({ network: network.Target, aliases: network.Aliases })),
    endpointMode: given(spec.EndpointSpec?.Mode) ?? 'vip',
    ports: (spec.EndpointSpec?.Ports ?? []).map((port) => ({
      protocol: given(port.Protocol) ?? 'tcp',
      targetPort: port.TargetPort,
      publishedPort: port.PublishedPort || null,
      publishMode: given(port.PublishMode) ?? 'ingress',
    })),
    constraints: spec.TaskTemplate.Placement?.Constraints ?? [],
    ...(healthCheck === undefined ? {} : { healthCheck }),
    ...(spec.TaskTemplate.RestartPolicy
      ? { restartPolicy: toRestartPolicy(spec.TaskTemplate.RestartPolicy) }
      : {}),
    update: {
      // Docker's 0 means "all at once".
      parallelism: parallelism === 0 ? Math.max(1, replicas) : (parallelism ?? 1),
      delayMs: Math.round((spec.UpdateConfig?.Delay ?? 0) / nsPerMs),
    },
  };
}
