import { desiredSandboxSchema } from '@switchyard/contracts';
import { z } from 'zod';

/**
 * What the agent and its resolver process say to each other over the resolver's unix socket: one
 * JSON object a line. The agent asks (`hello` first, then the EmbeddedDns calls); the resolver
 * answers the requests that carry an `id` and passes its log lines on while an agent listens.
 */

/** Raised when a message changes shape: an agent and a resolver of different protocols replace, not talk. */
export const resolverProtocolVersion = 1;

const upstreamsSchema = z.array(z.string()).nullable();

/** Who the resolver is, or must be: a resolver that differs in any of these is replaced. */
export const resolverIdentitySchema = z.object({
  protocol: z.number().int(),
  /** The agent package version that started it. */
  version: z.string(),
  /** `--dns-upstream` of the agent that started it; null: the host's resolv.conf. */
  upstreams: upstreamsSchema,
});
export type ResolverIdentity = z.infer<typeof resolverIdentitySchema>;

const requestId = z.number().int().nonnegative();

export const resolverRequestSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('hello'), id: requestId }),
  z.object({ op: z.literal('sync'), id: requestId, sandboxes: z.array(desiredSandboxSchema) }),
  z.object({ op: z.literal('prepare'), sandboxes: z.array(desiredSandboxSchema) }),
  z.object({ op: z.literal('prepareSpare'), netns: z.string().min(1) }),
  z.object({ op: z.literal('adoptSpare'), spare: z.string().min(1), sandbox: desiredSandboxSchema }),
  z.object({ op: z.literal('dropSpare'), spare: z.string().min(1) }),
  /** Closes every listener and ends the resolver process (an agent that does not live-restore). */
  z.object({ op: z.literal('stop'), id: requestId }),
]);
export type ResolverRequest = z.infer<typeof resolverRequestSchema>;

const failureSchema = z.object({ sandboxId: z.string(), reason: z.string() });

export const resolverReplySchema = z.union([
  z.object({ id: requestId, ok: z.literal(true), hello: resolverIdentitySchema.extend({ pid: z.number() }) }),
  z.object({ id: requestId, ok: z.literal(true) }),
  /** `failures`: the sandboxes a sync could not serve (it did everything else). */
  z.object({ id: requestId, ok: z.literal(false), error: z.string(), failures: z.array(failureSchema) }),
  z.object({ log: z.string() }),
  /** Sent to an agent before its connection is closed because another agent connected. */
  z.object({ superseded: z.literal(true) }),
]);
export type ResolverReply = z.infer<typeof resolverReplySchema>;

/** How the agent starts its resolver process (one JSON argument, so no quoting rules to get wrong). */
export const resolverLaunchSchema = resolverIdentitySchema.extend({
  socket: z.string().min(1),
  pidFile: z.string().min(1),
});
export type ResolverLaunch = z.infer<typeof resolverLaunchSchema>;

export function encodeLine(message: ResolverRequest | ResolverReply): string {
  return `${JSON.stringify(message)}\n`;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function parseLine<T>(schema: z.ZodType<T>, line: string): Parsed<T> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  return { ok: false, error: `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}` };
}

export const parseRequest = (line: string): Parsed<ResolverRequest> => parseLine(resolverRequestSchema, line);
export const parseReply = (line: string): Parsed<ResolverReply> => parseLine(resolverReplySchema, line);

/** The id of a request too broken to parse, so its sender still gets an answer rather than a hang. */
export function requestIdOf(line: string): number | undefined {
  try {
    const id = (JSON.parse(line) as { id?: unknown }).id;
    return requestId.safeParse(id).success ? (id as number) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a running resolver can serve an agent that wants `wanted`, or must be replaced. */
export function sameResolver(running: ResolverIdentity, wanted: ResolverIdentity): boolean {
  return (
    running.protocol === wanted.protocol &&
    running.version === wanted.version &&
    JSON.stringify(running.upstreams) === JSON.stringify(wanted.upstreams)
  );
}

/** Splits a byte stream into lines, keeping a partial last line for the next chunk. */
export class LineReader {
  private rest = '';

  push(chunk: string): string[] {
    const parts = (this.rest + chunk).split('\n');
    this.rest = parts.pop() ?? '';
    return parts.filter((line) => line !== '');
  }
}
