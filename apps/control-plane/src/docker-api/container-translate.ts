import { z } from 'zod';
import {
  containerNameSchema,
  given,
  hostnameSchema,
  ipv4Schema,
  networkAliasSchema,
  optionalText,
  searchDomainSchema,
  stringListSchema,
  stringMapSchema,
  unsupportedFlag,
  type ContainerCreateInput,
  type PortBinding,
} from '@switchyard/contracts';
import { badParameter } from './docker-error.js';
import { parseBody } from './parse-body.js';

/** `80/tcp` (Docker's nat.Port) -> port and protocol; a bare `80` is tcp. */
export const portKeySchema = z
  .string()
  .regex(/^\d{1,5}(\/(tcp|udp))?$/i, 'must be port/protocol such as "80/tcp" (tcp or udp)')
  .transform((key, context) => {
    const [portText = '', protocol = 'tcp'] = key.toLowerCase().split('/');
    const port = Number(portText);
    if (port < 1 || port > 65_535) {
      context.addIssue({ code: 'custom', message: 'port must be 1-65535' });
      return z.NEVER;
    }
    return { port, protocol: protocol as 'tcp' | 'udp' };
  });

const hostPortSchema = z
  .string()
  .nullish()
  .transform((text, context) => {
    if (!text) return null;
    const port = Number(text);
    if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65_535) {
      context.addIssue({ code: 'custom', message: `"${text}" is not a single host port (1-65535)` });
      return z.NEVER;
    }
    return port;
  });

const portBindingsSchema = z
  .record(
    z.string(),
    z
      .array(z.object({ HostIp: optionalText(ipv4Schema), HostPort: hostPortSchema }))
      .nullish()
      .transform((list) => list ?? []),
  )
  .nullish()
  .transform((map) => map ?? {});

const envEntrySchema = z.string().refine((entry) => !entry.startsWith('='), 'must be NAME=value');

function unsupportedText(reason: string) {
  return z
    .string()
    .nullish()
    .refine((text) => !text, reason);
}

function unsupportedList(reason: string) {
  return z
    .array(z.unknown())
    .nullish()
    .refine((list) => !list?.length, reason);
}

const endpointSettingsSchema = z
  .object({
    Aliases: z
      .array(networkAliasSchema)
      .nullish()
      .transform((list) => list ?? []),
    IPAMConfig: z.object({ IPv4Address: optionalText(ipv4Schema) }).nullish(),
  })
  .nullish();

/** Docker's ContainerCreateRequest, as `docker create` and `docker run` send it. */
export const dockerContainerCreateSchema = z.object({
  Hostname: optionalText(hostnameSchema),
  Domainname: unsupportedText('--domainname is not supported'),
  User: unsupportedText('--user is not supported by the process runtime'),
  WorkingDir: unsupportedText('--workdir is not supported by the process runtime'),
  Env: z.array(envEntrySchema).nullish(),
  Cmd: stringListSchema,
  Entrypoint: unsupportedList('--entrypoint is not supported: built-in images have a fixed entrypoint'),
  Image: z.string().trim().min(1, 'is required'),
  Labels: stringMapSchema,
  ExposedPorts: z.record(z.string(), z.unknown()).nullish(),
  Tty: unsupportedFlag('a TTY (-t) is not supported: containers run without a terminal'),
  OpenStdin: unsupportedFlag('-i is not supported: containers have no standard input'),
  Volumes: z
    .record(z.string(), z.unknown())
    .nullish()
    .refine((volumes) => Object.keys(volumes ?? {}).length === 0, 'volumes are not supported'),
  HostConfig: z
    .object({
      NetworkMode: z
        .string()
        .nullish()
        .refine((mode) => !mode?.startsWith('container:'), '--network container:<name> is not supported'),
      PortBindings: portBindingsSchema,
      PublishAllPorts: z.boolean().nullish(),
      RestartPolicy: z
        .object({
          Name: z.enum(['', 'no', 'always', 'on-failure', 'unless-stopped']).nullish(),
          MaximumRetryCount: z.number().int().min(0).nullish(),
        })
        .nullish(),
      Dns: z.array(ipv4Schema).nullish(),
      DnsSearch: z.array(searchDomainSchema).max(6, 'at most 6 search domains').nullish(),
      DnsOptions: unsupportedList('--dns-option is not supported'),
      ExtraHosts: unsupportedList('--add-host is not supported'),
      Links: unsupportedList('--link is not supported: use a user-defined network'),
      Binds: unsupportedList('volumes are not supported'),
      Mounts: unsupportedList('mounts are not supported'),
      AutoRemove: unsupportedFlag('--rm is not supported'),
      Privileged: unsupportedFlag('--privileged is not supported'),
    })
    .nullish(),
  NetworkingConfig: z
    .object({ EndpointsConfig: z.record(z.string(), endpointSettingsSchema).nullish() })
    .nullish(),
});
type DockerContainerCreate = z.infer<typeof dockerContainerCreateSchema>;

/** A port key of a Docker map, with the error naming the map's field when it is not one. */
function portKey(key: string, field: string): { port: number; protocol: 'tcp' | 'udp' } {
  const parsed = portKeySchema.safeParse(key);
  if (!parsed.success) {
    throw badParameter(`invalid ${field}["${key}"]: ${parsed.error.issues[0]?.message ?? 'bad port'}`);
  }
  return parsed.data;
}

function toPortBindings(request: DockerContainerCreate): PortBinding[] {
  return Object.entries(request.HostConfig?.PortBindings ?? {}).flatMap(([key, bindings]) => {
    const { port, protocol } = portKey(key, 'HostConfig.PortBindings');
    return bindings.map((binding) => ({
      hostIp: given(binding.HostIp) ?? null,
      hostPort: binding.HostPort,
      containerPort: port,
      protocol,
    }));
  });
}

/** `K=V` entries as a map; a bare `K` (unset in the client's environment) is dropped, as Docker does. */
function toEnv(entries: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf('=');
    if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return env;
}

/**
 * The networks a container joins: `HostConfig.NetworkMode` first (the CLI's first `--network`), then
 * the other `EndpointsConfig` entries (API 1.44+ sends every `--network` at create). `default` is the
 * predefined `bridge` network.
 */
function toNetworks(request: DockerContainerCreate): ContainerCreateInput['networks'] {
  const mode = given(request.HostConfig?.NetworkMode) ?? 'default';
  const endpoints = request.NetworkingConfig?.EndpointsConfig ?? {};
  const names = [...new Set([...(mode === 'default' ? [] : [mode]), ...Object.keys(endpoints)])];
  return names.map((name) => {
    const settings = endpoints[name];
    const ipv4Address = given(settings?.IPAMConfig?.IPv4Address);
    return {
      network: name === 'default' ? 'bridge' : name,
      aliases: settings?.Aliases ?? [],
      ...(ipv4Address === undefined ? {} : { ipv4Address }),
    };
  });
}

export function toContainerName(name: string | null): string | undefined {
  if (name === null || name === '') return undefined;
  const parsed = containerNameSchema.safeParse(name);
  if (!parsed.success) {
    throw badParameter(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  }
  return parsed.data;
}

/** `POST /containers/create?name=` -> the service's input. */
export function toContainerCreateInput(body: unknown, name: string | null): ContainerCreateInput {
  const request = parseBody(dockerContainerCreateSchema, body);
  const host = request.HostConfig;
  const containerName = toContainerName(name);
  const hostname = given(request.Hostname);
  return {
    ...(containerName === undefined ? {} : { name: containerName }),
    image: request.Image,
    command: request.Cmd,
    env: toEnv(request.Env ?? []),
    ...(hostname === undefined ? {} : { hostname }),
    networks: toNetworks(request),
    ports: toPortBindings(request),
    publishAll: host?.PublishAllPorts ?? false,
    expose: Object.keys(request.ExposedPorts ?? {}).map((key) => portKey(key, 'ExposedPorts')),
    dns: host?.Dns ?? [],
    dnsSearch: host?.DnsSearch ?? [],
    restartPolicy: {
      name: given(host?.RestartPolicy?.Name) ?? 'no',
      maximumRetryCount: host?.RestartPolicy?.MaximumRetryCount ?? 0,
    },
    labels: request.Labels,
  };
}
