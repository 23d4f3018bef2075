import { z } from 'zod';
import { serviceSpecSchema } from '../service-spec.js';
import { logTailSchema, requiredName } from './keys.js';

/** A service by id, unique id prefix or name. */
export const serviceKeySchema = z.object({ service: requiredName });

/** With `version`, only while the service is still at it. */
export const serviceUpdateInputSchema = serviceKeySchema.extend({
  spec: serviceSpecSchema,
  version: z.number().int().optional(),
});

export const serviceScaleInputSchema = serviceKeySchema.extend({
  replicas: z.number().int().min(0).max(1_000),
});

export const serviceLogsInputSchema = serviceKeySchema.extend({ tail: logTailSchema });
