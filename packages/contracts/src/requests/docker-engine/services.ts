import { z } from 'zod';
import { maxDurationMs, networkAliasSchema } from '../../grammar.js';
import { portNumberSchema } from '../../ports.js';
import { containerUserSchema, stopSignalSchema, workingDirSchema } from '../../container-spec.js';
import { placementConstraintSchema } from '../../service-spec.js';
import { optionalText, stringListSchema, stringMapSchema, unsupportedList } from './common.js';

/** Go's time.Duration counts nanoseconds: Docker's durations are in these. */
export const nsPerMs = 1_000_000;

/** A Go time.Duration in nanoseconds; 0 (or absent) means "the default". */
const goDurationSchema = (min: number, max: number) =>
  z
    .number()
    .int()
    .nullish()
    .refine(
      (ns) => !ns || (ns >= min * nsPerMs && ns <= max * nsPerMs),
      `must be between ${min} ms and ${max / 1000} s`,
    );

const dockerHealthcheckSchema = z.object({
  Test: stringListSchema,
  Interval: goDurationSchema(100, 3_600_000),
  Timeout: goDurationSchema(100, 600_000),
  Retries: z.number().int().min(0).max(100).nullish(),
  StartPeriod: z
    .number()
    .int()
    .nullish()
    .refine((ns) => !ns || (ns >= 0 && ns <= 3_600_000 * nsPerMs), 'must be at most 3600 s'),
});

const dockerNetworkAttachmentSchema = z.object({
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
      User: optionalText(containerUserSchema),
      Dir: optionalText(workingDirSchema),
      StopSignal: optionalText(stopSignalSchema),
      /** Nanoseconds, as Docker's `--stop-grace-period`. */
      StopGracePeriod: goDurationSchema(0, 3_600_000),
      Labels: stringMapSchema.refine(
        (labels) => Object.keys(labels).length === 0,
        'container labels are not supported; label the service (--label)',
      ),
      Healthcheck: dockerHealthcheckSchema.nullish(),
      Mounts: unsupportedList('mounts are not supported by the process runtime'),
      Secrets: unsupportedList('secrets are not supported'),
      Configs: unsupportedList('configs are not supported'),
    }),
    Networks: z.array(dockerNetworkAttachmentSchema).nullish(),
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
  Networks: z.array(dockerNetworkAttachmentSchema).nullish(),
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
export type DockerServiceSpec = z.output<typeof dockerServiceSpecSchema>;
export type DockerHealthcheck = z.output<typeof dockerHealthcheckSchema>;
