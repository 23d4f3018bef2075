import { z } from 'zod';
import {
  given,
  maxDurationMs,
  networkAliasSchema,
  placementConstraintSchema,
  portNumberSchema,
  stringListSchema,
  stringMapSchema,
  type HealthCheck,
  type ServiceSpecInput,
} from '@switchyard/contracts';
import { parseBody } from './parse-body.js';

const nsPerMs = 1_000_000;

/** A Go time.Duration in nanoseconds; 0 (or absent) means "the default". */
const durationSchema = (min: number, max: number) =>
  z
    .number()
    .int()
    .nullish()
    .refine(
      (ns) => !ns || (ns >= min * nsPerMs && ns <= max * nsPerMs),
      `must be between ${min} ms and ${max / 1000} s`,
    );

const healthcheckSchema = z.object({
  Test: stringListSchema,
  Interval: durationSchema(100, 3_600_000),
  Timeout: durationSchema(100, 600_000),
  Retries: z.number().int().min(0).max(100).nullish(),
  StartPeriod: z
    .number()
    .int()
    .nullish()
    .refine((ns) => !ns || (ns >= 0 && ns <= 3_600_000 * nsPerMs), 'must be at most 3600 s'),
});

const emptyList = (reason: string) =>
  z
    .array(z.unknown())
    .nullish()
    .refine((list) => !list || list.length === 0, reason);

const networkAttachmentSchema = z.object({
  Target: z.string().min(1, 'is required'),
  Aliases: z
    .array(networkAliasSchema)
    .nullish()
    .transform((list) => list ?? []),
});

/** Docker's ServiceSpec, as `docker service create|update` sends it; what Switchyard cannot do is refused. */
export const dockerServiceSpecSchema = z.object({
  Name: z.string().min(1, 'is required'),
  Labels: stringMapSchema,
  TaskTemplate: z.object({
    ContainerSpec: z.object({
      Image: z.string().trim().min(1, 'is required'),
      Command: stringListSchema,
      Args: stringListSchema,
      Env: stringListSchema,
      Labels: stringMapSchema.refine(
        (labels) => Object.keys(labels).length === 0,
        'container labels are not supported; label the service (--label)',
      ),
      Healthcheck: healthcheckSchema.nullish(),
      Mounts: emptyList('mounts are not supported by the process runtime'),
      Secrets: emptyList('secrets are not supported'),
      Configs: emptyList('configs are not supported'),
    }),
    Networks: z.array(networkAttachmentSchema).nullish(),
    Placement: z.object({ Constraints: z.array(placementConstraintSchema).nullish() }).nullish(),
    RestartPolicy: z
      .object({
        Condition: z.enum(['none', 'on-failure', 'any', '']).nullish(),
        MaxAttempts: z.number().int().min(0).nullish(),
      })
      .nullish(),
  }),
  Mode: z
    .object({
      Replicated: z.object({ Replicas: z.number().int().min(0).max(1_000).nullish() }).nullish(),
      Global: z.object({}).nullish(),
      ReplicatedJob: z
        .unknown()
        .nullish()
        .refine((job) => job == null, 'jobs are not supported'),
      GlobalJob: z
        .unknown()
        .nullish()
        .refine((job) => job == null, 'jobs are not supported'),
    })
    .nullish(),
  UpdateConfig: z
    .object({
      Parallelism: z.number().int().min(0).nullish(),
      // --update-delay, in nanoseconds; bounded so the reconciler's timer cannot overflow.
      Delay: z
        .number()
        .int()
        .min(0)
        .max(maxDurationMs * nsPerMs, `must be at most ${maxDurationMs / 3_600_000} h`)
        .nullish(),
    })
    .nullish(),
  // Deprecated top-level networks, still accepted by Docker.
  Networks: z.array(networkAttachmentSchema).nullish(),
  EndpointSpec: z
    .object({
      Mode: z.enum(['vip', 'dnsrr', '']).nullish(),
      Ports: z
        .array(
          z.object({
            Protocol: z.enum(['tcp', 'udp', '']).nullish(),
            TargetPort: portNumberSchema,
            PublishedPort: z.number().int().min(0).max(65_535).nullish(),
            PublishMode: z.enum(['ingress', 'host', '']).nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});
type DockerServiceSpec = z.output<typeof dockerServiceSpecSchema>;
type DockerHealthcheck = z.output<typeof healthcheckSchema>;

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
    command: [...container.Command, ...container.Args],
    env: toEnv(container.Env),
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
