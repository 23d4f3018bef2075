import { z } from 'zod';
import { requiredName } from './keys.js';

/** A node by id or name. */
export const nodeKeySchema = z.object({ node: requiredName });

/** `docker node update`: labels (replaced whole when given) and availability. */
export const nodeUpdateInputSchema = z.object({
  node: requiredName,
  labels: z.record(z.string(), z.string()).optional(),
  availability: z.enum(['active', 'pause', 'drain']).optional(),
  version: z.number().int().optional(),
});
