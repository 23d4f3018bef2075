import {
  containerNameSchema,
  dockerContainerCreateSchema,
  dockerPortKeySchema,
  given,
  type ContainerCreateInput,
  type DockerContainerCreate,
  type PortBinding,
} from '@switchyard/contracts';
import { badParameter } from './docker-error.js';
import { parseBody } from './parse-body.js';

/** A port key of a Docker map, with the error naming the map's field when it is not one. */
function portKey(key: string, field: string): { port: number; protocol: 'tcp' | 'udp' } {
  const parsed = dockerPortKeySchema.safeParse(key);
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
    entrypoint: request.Entrypoint,
    user: given(request.User) ?? null,
    workingDir: given(request.WorkingDir) ?? null,
    stopSignal: given(request.StopSignal) ?? null,
    stopTimeout: request.StopTimeout ?? null,
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
    autoRemove: host?.AutoRemove ?? false,
  };
}
