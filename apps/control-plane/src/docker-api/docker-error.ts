import { ZodError } from 'zod';
import { ServiceError, type ServiceErrorCode } from '../errors.js';

/** An error the Engine API answers with Docker's shape: `{"message": "..."}` and its status code. */
export class DockerApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const statusOfCode: Record<ServiceErrorCode, number> = {
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAVAILABLE: 503,
};

/** `HostConfig.PortBindings["80/tcp"][0].HostPort`: the path as a Docker user wrote the JSON. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
      ? `${text}${text === '' ? '' : '.'}${name}`
      : `${text}[${JSON.stringify(name)}]`;
  }, '');
}

export function zodErrorMessage(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const field = fieldPath(issue.path);
      return field === '' ? `invalid request: ${issue.message}` : `invalid ${field}: ${issue.message}`;
    })
    .join('; ');
}

/** Maps any failure of a handler to Docker's status and message; anything unexpected is a 500. */
export function toDockerError(error: unknown): DockerApiError {
  if (error instanceof DockerApiError) return error;
  if (error instanceof ServiceError) return new DockerApiError(statusOfCode[error.code], error.message);
  if (error instanceof ZodError) return new DockerApiError(400, zodErrorMessage(error));
  return new DockerApiError(500, error instanceof Error ? error.message : String(error));
}

export const notFound = (message: string): DockerApiError => new DockerApiError(404, message);
export const badParameter = (message: string): DockerApiError => new DockerApiError(400, message);
