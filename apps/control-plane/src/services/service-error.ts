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
