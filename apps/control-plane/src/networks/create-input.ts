import { networkCreateSchema, networkNameSchema } from '@switchyard/contracts';
import { z } from 'zod';

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
