import { z } from 'zod';
import { workloadLabelsSchema } from './docker-options.js';
import { searchDomainSchema, networkAliasSchema } from './grammar.js';
import { ipv4Schema } from './net.js';
import { portBindingSchema, protocolSchema, portNumberSchema } from './ports.js';

export const containerNameSchema = z
  .string()
  .trim()
  .regex(
    /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/,
    'must start with a letter or digit, then letters, digits, "_", "." or "-"',
  )
  .max(128)
  .transform((name) => name.replace(/^\//, ''));

export const hostnameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/, 'must be a host name (RFC 1123 label)');

/** `--user`: `uid`, `uid:gid`, `name` or `name:group`. */
export const containerUserSchema = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9_.-]{1,64}(:[a-zA-Z0-9_.-]{1,64})?$/, 'must be uid, uid:gid, name or name:group');
/** `--workdir`: an absolute path inside the container. */
export const workingDirSchema = z.string().trim().startsWith('/', 'must be an absolute path').max(4096);
/** `--stop-signal`: a signal name (SIGTERM, TERM, SIGRTMIN+3) or number. */
export const stopSignalSchema = z
  .string()
  .trim()
  .regex(/^(SIG)?[A-Z][A-Z0-9]*([+-]\d+)?$|^\d{1,2}$/, 'must be a signal such as SIGTERM or 15');
/** `--stop-timeout`: seconds `docker stop` waits before SIGKILL. */
export const stopTimeoutSchema = z.number().int().min(0).max(3_600);

/**
 * How the workload's process runs, beside its command: for an OCI image, what is not given comes
 * from the image's config (Docker's rules).
 */
export const processSettingsShape = {
  /** `--entrypoint`: replaces the image's entrypoint and drops its Cmd; `[]` clears it. */
  entrypoint: z.array(z.string()).nullable().default(null),
  user: containerUserSchema.nullable().default(null),
  workingDir: workingDirSchema.nullable().default(null),
  stopSignal: stopSignalSchema.nullable().default(null),
  stopTimeout: stopTimeoutSchema.nullable().default(null),
};

export const restartPolicySchema = z.object({
  name: z.enum(['no', 'on-failure', 'always', 'unless-stopped']).default('no'),
  maximumRetryCount: z.number().int().min(0).default(0),
});
export type RestartPolicy = z.infer<typeof restartPolicySchema>;

/** One network a container joins, with `--network-alias` and `--ip`. */
export const containerNetworkSchema = z.object({
  network: z.string().min(1, 'is required'),
  aliases: z.array(networkAliasSchema).max(64).default([]),
  ipv4Address: ipv4Schema.optional(),
});

/** What `container.create` takes, from the dashboard, tRPC or the Docker Engine API alike. */
export const containerCreateSchema = z.object({
  name: containerNameSchema.optional(),
  image: z.string().trim().min(1, 'is required'),
  command: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  ...processSettingsShape,
  hostname: hostnameSchema.optional(),
  /** Empty: the default `bridge` network. `host` and `none` are the host and null drivers. */
  networks: z.array(containerNetworkSchema).default([]),
  ports: z.array(portBindingSchema).default([]),
  publishAll: z.boolean().default(false),
  expose: z.array(z.object({ port: portNumberSchema, protocol: protocolSchema })).default([]),
  dns: z.array(ipv4Schema).default([]),
  /** resolv.conf takes at most 6 search domains (glibc's MAXDNSRCH). */
  dnsSearch: z.array(searchDomainSchema).max(6, 'at most 6 search domains').default([]),
  restartPolicy: restartPolicySchema.default({ name: 'no', maximumRetryCount: 0 }),
  labels: workloadLabelsSchema.default({}),
  /** `docker run --rm`: the container is removed once it exits. */
  autoRemove: z.boolean().default(false),
});
export type ContainerCreateInput = z.input<typeof containerCreateSchema>;
export type ContainerCreate = z.output<typeof containerCreateSchema>;

export const containerStatusSchema = z.enum(['created', 'running', 'restarting', 'exited', 'dead']);
export type ContainerStatus = z.infer<typeof containerStatusSchema>;
