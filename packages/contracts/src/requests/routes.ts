import { z } from 'zod';
import { routeInputSchema } from '../routes.js';
import { requiredName } from './keys.js';

/** A route by id or hostname. */
export const routeKeySchema = z.object({ route: requiredName });

export const routeUpdateInputSchema = routeKeySchema.extend({ spec: routeInputSchema });
