import type { LocalControlPlane } from '@switchyard/contracts';
import { z } from 'zod';

/** A refusal from the control plane, with its message (e.g. "No such container: web"). */
export class ControlPlaneError extends Error {}

const replySchema = z.union([
  z.object({ result: z.object({ data: z.unknown() }) }),
  z.object({ error: z.object({ message: z.string() }) }),
]);

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
  const reply = replySchema.parse(await response.json());
  if ('error' in reply) throw new ControlPlaneError(reply.error.message);
  return schema.parse(reply.result.data);
}
