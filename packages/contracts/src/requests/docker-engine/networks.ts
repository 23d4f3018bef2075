import { z } from 'zod';
import { cidrSchema, ipv4Schema } from '../../net.js';
import { networkAliasSchema } from '../../grammar.js';
import { networkNameSchema, networkOptionsSchema } from '../../network-spec.js';
import { optionalText, stringMapSchema, unsupportedFlag } from './common.js';

const dockerIpamConfigSchema = z.object({
  Subnet: cidrSchema,
  IPRange: optionalText(cidrSchema),
  Gateway: optionalText(ipv4Schema),
  AuxiliaryAddresses: z.record(z.string().min(1), ipv4Schema).nullish(),
});

/** Docker's NetworkCreateRequest, as `docker network create` sends it. */
export const dockerNetworkCreateSchema = z.object({
  Name: networkNameSchema,
  Driver: z.string().nullish(),
  Scope: z
    .string()
    .nullish()
    .refine(
      (scope) => !scope || scope === 'local' || scope === 'swarm',
      'must be local or swarm (global-scope drivers are not supported)',
    ),
  IPAM: z
    .object({
      Driver: z
        .string()
        .nullish()
        .refine((driver) => !driver || driver === 'default', 'only the "default" IPAM driver exists'),
      Options: stringMapSchema.refine(
        (options) => Object.keys(options).length === 0,
        'the default IPAM driver takes no options',
      ),
      Config: z.array(dockerIpamConfigSchema).nullish(),
    })
    .nullish(),
  Internal: z.boolean().nullish(),
  Attachable: z.boolean().nullish(),
  Ingress: z.boolean().nullish(),
  ConfigOnly: z.boolean().nullish(),
  ConfigFrom: z.object({ Network: z.string().nullish() }).nullish(),
  EnableIPv6: unsupportedFlag('IPv6 is not supported'),
  Options: stringMapSchema.pipe(networkOptionsSchema),
  Labels: stringMapSchema,
});
export type DockerNetworkCreate = z.output<typeof dockerNetworkCreateSchema>;

/** `POST /networks/{id}/connect`, as `docker network connect --alias --ip` sends it. */
export const dockerNetworkConnectSchema = z.object({
  Container: z.string().min(1, 'is required'),
  EndpointConfig: z
    .object({
      Aliases: z.array(networkAliasSchema).nullish(),
      IPAMConfig: z.object({ IPv4Address: optionalText(ipv4Schema) }).nullish(),
    })
    .nullish(),
});
export type DockerNetworkConnect = z.output<typeof dockerNetworkConnectSchema>;

/** `POST /networks/{id}/disconnect`, as `docker network disconnect [--force]` sends it. */
export const dockerNetworkDisconnectSchema = z.object({
  Container: z.string().min(1, 'is required'),
  Force: z.boolean().nullish(),
});
export type DockerNetworkDisconnect = z.output<typeof dockerNetworkDisconnectSchema>;
