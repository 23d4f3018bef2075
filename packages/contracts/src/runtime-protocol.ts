import { z } from 'zod';
import { imageConfigSchema, digestSchema } from './images.js';

/**
 * The agent channel's container-runtime requests (issue 15), beside `logs` and `diagnose`: pulling
 * an image on one node, a container's process list, and exec sessions whose bytes flow both ways.
 */

/** `docker pull`: the node's runtime pulls from the registry the reference names. */
export const pullImageRequestSchema = z.object({ reference: z.string().min(1).max(512) });
export type PullImageRequest = z.infer<typeof pullImageRequestSchema>;
export const pullImageResponseSchema = z.union([
  z.object({
    ok: z.literal(true),
    id: digestSchema,
    config: imageConfigSchema,
    /** Bytes of the compressed layers, as `docker images` shows SIZE. */
    size: z.number().int().nonnegative(),
  }),
  /** Says why, e.g. "registry-1.docker.io is not reachable from sy-host1: …". */
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type PullImageResponse = z.infer<typeof pullImageResponseSchema>;

/** `docker top` and the container page's process list, as `ps -ef` columns. */
export const topRequestSchema = z.object({ sandboxId: z.string() });
export type TopRequest = z.infer<typeof topRequestSchema>;
export const topResponseSchema = z.union([
  z.object({
    ok: z.literal(true),
    titles: z.array(z.string()),
    processes: z.array(z.array(z.string())).max(10_000),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type TopResponse = z.infer<typeof topResponseSchema>;

const execIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits');

/** `docker exec`: a process started in a running container's namespaces, with or without a TTY. */
export const execStartRequestSchema = z.object({
  execId: execIdSchema,
  sandboxId: z.string(),
  command: z.array(z.string()).min(1, 'needs a command'),
  tty: z.boolean().default(false),
  /** Whether input will be sent (`-i`); without it the process reads an empty stdin. */
  stdin: z.boolean().default(false),
  env: z.array(z.string()).default([]),
  user: z.string().default(''),
  workingDir: z.string().default(''),
  cols: z.number().int().min(1).max(1000).optional(),
  rows: z.number().int().min(1).max(1000).optional(),
});
export type ExecStartRequest = z.infer<typeof execStartRequestSchema>;
export const execStartResponseSchema = z.union([
  z.object({ ok: z.literal(true), pid: z.number().int().nullable() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type ExecStartResponse = z.infer<typeof execStartResponseSchema>;

/** Input for a session (control plane to agent); `data: null` closes its stdin. */
export const execInputSchema = z.object({
  execId: execIdSchema,
  data: z.instanceof(Uint8Array).nullable(),
});
export type ExecInput = z.infer<typeof execInputSchema>;
export const execResizeSchema = z.object({
  execId: execIdSchema,
  cols: z.number().int().min(1).max(1000),
  rows: z.number().int().min(1).max(1000),
});
export type ExecResize = z.infer<typeof execResizeSchema>;
/** Ends a session from the control plane's side (its client went away). */
export const execKillSchema = z.object({ execId: execIdSchema });
export type ExecKill = z.infer<typeof execKillSchema>;

/** Output of a session (agent to control plane); with a TTY everything is `stdout`. */
export const execOutputSchema = z.object({
  execId: execIdSchema,
  stream: z.enum(['stdout', 'stderr']),
  data: z.instanceof(Uint8Array),
});
export type ExecOutput = z.infer<typeof execOutputSchema>;
export const execExitSchema = z.object({ execId: execIdSchema, exitCode: z.number().int() });
export type ExecExit = z.infer<typeof execExitSchema>;

/**
 * `docker kill` and a stop's deadline: a signal to a running container's main process, by name
 * (`SIGKILL`, `KILL`) or number.
 */
export const signalRequestSchema = z.object({
  sandboxId: z.string(),
  signal: z
    .string()
    .regex(/^(SIG)?[A-Z][A-Z0-9+-]*$|^\d{1,2}$/i, 'must be a signal name (SIGKILL, KILL) or number'),
});
export type SignalRequest = z.infer<typeof signalRequestSchema>;
export const signalResponseSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type SignalResponse = z.infer<typeof signalResponseSchema>;
