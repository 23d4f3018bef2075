import type { LocalControlPlane } from '@switchyard/contracts';
import { z } from 'zod';

/** A refusal from the control plane, with its message (e.g. "No such container: web"). */
export class ControlPlaneError extends Error {}

const replySchema = z.union([
  z.object({ result: z.object({ data: z.unknown() }) }),
  z.object({ error: z.object({ message: z.string() }) }),
]);

async function readReply<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
  const reply = replySchema.parse(await response.json());
  if ('error' in reply) throw new ControlPlaneError(reply.error.message);
  return schema.parse(reply.result.data);
}

/** One tRPC mutation as the local CLI, its answer parsed with `schema`. */
export async function mutateControlPlane<T>(
  controlPlane: LocalControlPlane,
  path: string,
  input: unknown,
  schema: z.ZodType<T>,
  timeoutMs = 15_000,
): Promise<T> {
  const response = await fetch(new URL(`/trpc/${path}`, controlPlane.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${controlPlane.cliToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return readReply(response, schema);
}

/** One tRPC query as the local CLI (its bearer token from control-plane.json), parsed with `schema`. */
export async function queryControlPlane<T>(
  controlPlane: LocalControlPlane,
  path: string,
  input: unknown,
  schema: z.ZodType<T>,
  timeoutMs = 5_000,
): Promise<T> {
  const url = new URL(`/trpc/${path}`, controlPlane.url);
  if (input !== undefined) url.searchParams.set('input', JSON.stringify(input));
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${controlPlane.cliToken}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  return readReply(response, schema);
}
