import { z } from 'zod';
import {
  containerUserSchema,
  hostnameSchema,
  stopSignalSchema,
  stopTimeoutSchema,
  workingDirSchema,
} from '../../container-spec.js';
import { networkAliasSchema, searchDomainSchema } from '../../grammar.js';
import { ipv4Schema } from '../../net.js';
import {
  optionalText,
  stringListSchema,
  stringMapSchema,
  unsupportedFlag,
  unsupportedList,
  unsupportedText,
} from './common.js';

/** `80/tcp` (Docker's nat.Port) -> port and protocol; a bare `80` is tcp. */
export const dockerPortKeySchema = z
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
  User: optionalText(containerUserSchema),
  WorkingDir: optionalText(workingDirSchema),
  Env: z.array(envEntrySchema).nullish(),
  Cmd: stringListSchema,
  /** `--entrypoint ''` arrives as `[""]`: it clears the image's entrypoint. */
  Entrypoint: z
    .union([z.array(z.string()), z.string()])
    .nullish()
    .transform((value) =>
      value === null || value === undefined
        ? null
        : (typeof value === 'string' ? [value] : value).filter((part) => part !== ''),
    ),
  StopSignal: optionalText(stopSignalSchema),
  StopTimeout: stopTimeoutSchema.nullish(),
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
      AutoRemove: z.boolean().nullish(),
      Privileged: unsupportedFlag('--privileged is not supported'),
    })
    .nullish(),
  NetworkingConfig: z
    .object({ EndpointsConfig: z.record(z.string(), endpointSettingsSchema).nullish() })
    .nullish(),
});
export type DockerContainerCreate = z.output<typeof dockerContainerCreateSchema>;
