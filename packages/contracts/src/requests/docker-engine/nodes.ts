import { z } from 'zod';
import { stringMapSchema } from './common.js';

/** Docker's NodeSpec, as `docker node update` sends it back after changing it. */
export const dockerNodeSpecSchema = z.object({
  Labels: stringMapSchema,
  Role: z
    .enum(['worker', 'manager', ''])
    .nullish()
    .refine((role) => role !== 'manager', 'agents are workers: the control plane is the only manager'),
  Availability: z.enum(['active', 'pause', 'drain']),
});
export type DockerNodeSpec = z.output<typeof dockerNodeSpecSchema>;
