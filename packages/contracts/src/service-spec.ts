import { z } from 'zod';
import { containerNameSchema, processSettingsShape, restartPolicySchema } from './container-spec.js';
import { durationMsSchema, networkAliasSchema } from './grammar.js';
import { portNumberSchema, protocolSchema } from './ports.js';

/** How a task's health is judged (Docker's HEALTHCHECK, plus HTTP and TCP probes run by the agent). */
export const healthCheckSchema = z.object({
  kind: z.enum(['http', 'tcp', 'command']),
  /** http: path such as /health on `port`; tcp: connect to `port`; command: run inside the sandbox. */
  port: portNumberSchema.optional(),
  path: z.string().startsWith('/').optional(),
  command: z.array(z.string()).optional(),
  intervalMs: durationMsSchema(100, 3_600_000).default(5_000),
  timeoutMs: durationMsSchema(100, 600_000).default(2_000),
  retries: z.number().int().min(1).max(100).default(3),
  startPeriodMs: durationMsSchema(0, 3_600_000).default(0),
});
export type HealthCheck = z.infer<typeof healthCheckSchema>;

export const servicePortSchema = z.object({
  protocol: protocolSchema.default('tcp'),
  targetPort: portNumberSchema,
  /** Null: the control plane picks one from 30000-32767, as Swarm does. */
  publishedPort: portNumberSchema.nullable().default(null),
  /** ingress: on every ready host through the routing mesh; host: only where a task runs. */
  publishMode: z.enum(['ingress', 'host']).default('ingress'),
});
export type ServicePort = z.infer<typeof servicePortSchema>;

/** `node.hostname==x`, `node.hostname!=x`, `node.labels.k==v`, `node.labels.k!=v`. */
export const placementConstraintSchema = z
  .string()
  .regex(
    /^node\.(hostname|labels\.[A-Za-z0-9_.-]+)\s*(==|!=)\s*\S+$/,
    'must look like node.hostname==host1 or node.labels.zone==east',
  );

/** What `service.create` / `service.update` take, from the dashboard, tRPC or the Docker Engine API. */
export const serviceSpecSchema = z.object({
  name: containerNameSchema,
  image: z.string().trim().min(1, 'is required'),
  command: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  ...processSettingsShape,
  labels: z.record(z.string(), z.string()).default({}),
  mode: z.enum(['replicated', 'global']).default('replicated'),
  replicas: z.number().int().min(0).max(1_000).default(1),
  /** Network names or ids, with aliases. */
  networks: z
    .array(
      z.object({
        network: z.string().min(1),
        aliases: z.array(networkAliasSchema).max(64).default([]),
      }),
    )
    .default([]),
  endpointMode: z.enum(['vip', 'dnsrr']).default('vip'),
  ports: z.array(servicePortSchema).default([]),
  constraints: z.array(placementConstraintSchema).default([]),
  healthCheck: healthCheckSchema.nullable().default(null),
  restartPolicy: restartPolicySchema.default({ name: 'always', maximumRetryCount: 0 }),
  update: z
    .object({
      parallelism: z.number().int().min(1).default(1),
      /** `--update-delay`: at most a day (maxDurationMs), so the reconciler's timer cannot overflow. */
      delayMs: durationMsSchema().default(0),
    })
    .default({ parallelism: 1, delayMs: 0 }),
});
export type ServiceSpecInput = z.input<typeof serviceSpecSchema>;
export type ServiceSpec = z.output<typeof serviceSpecSchema>;

export const taskStateSchema = z.enum([
  'new',
  'assigned',
  'starting',
  'running',
  'complete',
  'failed',
  'shutdown',
  'rejected',
]);
export type TaskState = z.infer<typeof taskStateSchema>;
export const healthStatusSchema = z.enum(['starting', 'healthy', 'unhealthy']);
export type HealthStatus = z.infer<typeof healthStatusSchema>;

export const taskViewSchema = z.object({
  id: z.string(),
  /** `<service>.<slot>.<task id>` (global: `<service>.<node id>.<task id>`), as Docker names tasks. */
  name: z.string(),
  serviceId: z.string(),
  slot: z.number().int().nullable(),
  nodeId: z.string().nullable(),
  nodeName: z.string().nullable(),
  desiredState: z.enum(['running', 'shutdown']),
  state: taskStateSchema,
  health: healthStatusSchema.nullable(),
  message: z.string(),
  error: z.string().nullable(),
  containerId: z.string().nullable(),
  addresses: z.array(z.object({ networkId: z.string(), networkName: z.string(), address: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TaskView = z.infer<typeof taskViewSchema>;

export const serviceViewSchema = z.object({
  id: z.string(),
  /** Raised by every update (Docker's Version.Index): an update names the version it read. */
  version: z.number().int(),
  spec: serviceSpecSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** One VIP per network the service is on (endpoint mode vip). */
  virtualIps: z.array(z.object({ networkId: z.string(), networkName: z.string(), address: z.string() })),
  /** Published ports with the published port settled. */
  ports: z.array(servicePortSchema.extend({ publishedPort: portNumberSchema })),
  running: z.number().int(),
  desired: z.number().int(),
  /** A rolling update in progress, or the last one: Docker's UpdateStatus. */
  updateStatus: z
    .object({
      state: z.enum(['updating', 'completed', 'paused', 'rollback_started', 'rollback_completed']),
      startedAt: z.string(),
      completedAt: z.string().nullable(),
      message: z.string(),
      /** Tasks already at the new version, out of the total to update. */
      done: z.number().int(),
      total: z.number().int(),
    })
    .nullable(),
  /** Why slots have no task now, e.g. `slot 2: image web:1 is not on any ready host: …`. */
  pending: z.array(z.string()).default([]),
  tasks: z.array(taskViewSchema),
});
export type ServiceView = z.infer<typeof serviceViewSchema>;
