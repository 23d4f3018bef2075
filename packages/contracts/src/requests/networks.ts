import { z } from 'zod';
import { networkAliasSchema } from '../grammar.js';
import { ipv4Schema } from '../net.js';
import { networkCreateSchema, networkNameSchema } from '../network-spec.js';
import { requiredName } from './keys.js';

/**
 * `network.create` with Docker's scope settings: `--scope`, `--config-only` and `--config-from`
 * (the control plane's own superset of the contracts' schema).
 */
export const networkCreateRequestSchema = networkCreateSchema.extend({
  scope: z.enum(['local', 'swarm']).optional(),
  configOnly: z.boolean().default(false),
  configFrom: networkNameSchema.optional(),
  /** `--ingress`: the routing mesh's overlay; only one may exist. */
  ingress: z.boolean().default(false),
});
export type NetworkCreateRequestInput = z.input<typeof networkCreateRequestSchema>;
export type NetworkCreateRequest = z.output<typeof networkCreateRequestSchema>;

/** A network by id, unique id prefix or name. */
export const networkKeySchema = z.object({ network: requiredName });
const endpointKeySchema = networkKeySchema.extend({ container: requiredName });

/** `docker network connect` options as the service layer takes them. */
export const networkConnectOptionsSchema = z.object({
  aliases: z.array(networkAliasSchema).max(64).default([]),
  ipv4Address: ipv4Schema.optional(),
});

export const networkConnectInputSchema = endpointKeySchema.extend(networkConnectOptionsSchema.shape);

export const networkDisconnectInputSchema = endpointKeySchema.extend({ force: z.boolean().default(false) });
