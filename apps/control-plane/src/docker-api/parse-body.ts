import type { z } from 'zod';
import { badParameter, zodErrorMessage } from './docker-error.js';

/** Parses a Docker request body; a refusal is a 400 whose message names the field as Docker spells it. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw badParameter(zodErrorMessage(parsed.error));
  return parsed.data;
}
