import { TRPCClientError } from '@trpc/client';

/** A refusal from the server, with the input field it names (e.g. `ipam.0.subnet`) when it names one. */
export interface ServerFieldError {
  field: string | null;
  message: string;
}

function namedField(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  if ('field' in data && typeof data.field === 'string' && data.field !== '') return data.field;
  // Zod input errors come flattened: the first key with a message is the field.
  if ('fieldErrors' in data && typeof data.fieldErrors === 'object' && data.fieldErrors !== null) {
    const [first] = Object.keys(data.fieldErrors);
    return first ?? null;
  }
  return null;
}

export function serverFieldError(error: unknown): ServerFieldError | null {
  if (!error) return null;
  const message =
    error instanceof Error && error.message ? error.message : 'Something went wrong; try again.';
  return { field: error instanceof TRPCClientError ? namedField(error.data) : null, message };
}

/**
 * The refusal's words as they read next to its field: the server's "ipam.0.subnet: " prefix (zod input
 * errors name their path) only repeats what the field's label says.
 */
export function messageBesideField(error: ServerFieldError): string {
  const prefix = `${error.field ?? ''}: `;
  return error.field !== null && error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
}

/**
 * Which of the form's fields should carry the server's error: the one it names, or the closest one
 * above it (`options.com.docker.network.driver.mtu` lands on the MTU field, `ipam.0` on nothing).
 */
export function fieldForServerError(
  serverField: string | null,
  formFields: readonly string[],
): string | null {
  if (serverField === null) return null;
  if (formFields.includes(serverField)) return serverField;
  const ancestors = formFields.filter((field) => serverField.startsWith(`${field}.`));
  return ancestors.toSorted((a, b) => b.length - a.length)[0] ?? null;
}
