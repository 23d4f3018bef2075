import { TRPCClientError } from '@trpc/client';

function errorCode(error: unknown): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('code' in data)) return undefined;
  return typeof data.code === 'string' ? data.code : undefined;
}

export function isUnauthorized(error: unknown): boolean {
  return errorCode(error) === 'UNAUTHORIZED';
}

/** The server's own words where it gave some (they name the field or the rule), else a generic line. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong; try again.';
}

/** Someone else has it already (a hostname routed to another service, a name taken). */
export function isConflict(error: unknown): boolean {
  return errorCode(error) === 'CONFLICT';
}

export function isNotFound(error: unknown): boolean {
  return errorCode(error) === 'NOT_FOUND';
}

/** Retries a failed read twice, except when retrying cannot help (gone, or signed out). */
export function retryUnlessGone(failures: number, error: unknown): boolean {
  return !isNotFound(error) && !isUnauthorized(error) && failures < 2;
}
