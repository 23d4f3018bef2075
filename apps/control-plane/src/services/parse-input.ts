import type { z } from 'zod';
import { describeZodError } from '../validation.js';
import { ServiceError } from './service-error.js';

/** Parses service input; a refusal names the first field that was wrong. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const path = parsed.error.issues[0]?.path ?? [];
  throw new ServiceError(
    'BAD_REQUEST',
    describeZodError(parsed.error),
    path.length > 0 ? path.join('.') : undefined,
  );
}
