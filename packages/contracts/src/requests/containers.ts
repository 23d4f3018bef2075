import { z } from 'zod';
import { containerNameSchema } from '../container-spec.js';
import { logTailSchema, requiredName } from './keys.js';

/** A container by id, unique id prefix or name. */
export const containerKeySchema = z.object({ container: requiredName });

/** Running ones only unless `all` (as `docker ps -a`). */
export const containerListInputSchema = z.object({ all: z.boolean().default(true) }).default({ all: true });

export const containerStopInputSchema = containerKeySchema.extend({
  timeoutSeconds: z.number().int().min(0).max(600).optional(),
});

/** `docker rename`: docker-compose renames the old container aside when it recreates one. */
export const containerRenameInputSchema = containerKeySchema.extend({ name: containerNameSchema });

export const containerRemoveInputSchema = containerKeySchema.extend({ force: z.boolean().default(false) });

export const containerLogsInputSchema = containerKeySchema.extend({ tail: logTailSchema });
