import type { z } from 'zod';
import { describeZodError } from '@switchyard/contracts';

/**
 * A refusal the caller can act on. tRPC maps the code to its error codes, the Docker Engine API to
 * Docker's status codes (400, 403, 404, 409); `field` names the input that was wrong.
 */
export type ServiceErrorCode = 'BAD_REQUEST' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'UNAVAILABLE';

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

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
