import { z } from 'zod';
import { portNumberSchema, protocolSchema } from './ports.js';

/**
 * OCI images run by a container runtime (issue 15). The control plane reads every image's config
 * when it is loaded or pulled, resolves a container's argv, env, user and working directory from it,
 * and tells each node which images it must hold; the agent imports them into its runtime's store
 * and reports what it holds.
 */

/** What runs a sandbox's workload: the built-in process runtime, or containerd for OCI images. */
export const runtimeSchema = z.enum(['process', 'containerd']);
export type Runtime = z.infer<typeof runtimeSchema>;

const sha256Pattern = /^sha256:[0-9a-f]{64}$/;
/** A content digest as OCI writes it; an image's id is the digest of its config. */
export const digestSchema = z.string().regex(sha256Pattern, 'must be sha256: and 64 hex digits');
export type Digest = z.infer<typeof digestSchema>;

/** Docker's HEALTHCHECK as an image config carries it (durations in nanoseconds, as Docker's JSON). */
export const imageHealthcheckSchema = z.object({
  test: z.array(z.string()),
  intervalNs: z.number().int().nonnegative().default(0),
  timeoutNs: z.number().int().nonnegative().default(0),
  startPeriodNs: z.number().int().nonnegative().default(0),
  retries: z.number().int().nonnegative().default(0),
});
export type ImageHealthcheck = z.infer<typeof imageHealthcheckSchema>;

/** The parts of an OCI/Docker image config a container's defaults come from. */
export const imageConfigSchema = z.object({
  env: z.array(z.string()).default([]),
  cmd: z.array(z.string()).nullable().default(null),
  entrypoint: z.array(z.string()).nullable().default(null),
  workingDir: z.string().default(''),
  user: z.string().default(''),
  exposedPorts: z.array(z.object({ port: portNumberSchema, protocol: protocolSchema })).default([]),
  labels: z.record(z.string(), z.string()).default({}),
  stopSignal: z.string().nullable().default(null),
  healthcheck: imageHealthcheckSchema.nullable().default(null),
  /** rootfs.diff_ids, bottom layer first: the agent derives the snapshot chain from them. */
  diffIds: z.array(digestSchema).default([]),
  architecture: z.string().default('amd64'),
  os: z.string().default('linux'),
});
export type ImageConfig = z.infer<typeof imageConfigSchema>;

/** Where a node gets an image: the archive a user loaded (served by the control plane), or a registry. */
export const imageSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('archive'), digest: digestSchema, size: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('registry'), reference: z.string().min(1).max(512) }),
]);
export type ImageSource = z.infer<typeof imageSourceSchema>;

/** An image a node must hold. `references` are full names with a tag, e.g. `nginx:1.25`. */
export const desiredImageSchema = z.object({
  id: digestSchema,
  references: z.array(z.string().min(1).max(512)).max(256),
  diffIds: z.array(digestSchema).max(1_000).default([]),
  source: imageSourceSchema,
});
export type DesiredImage = z.infer<typeof desiredImageSchema>;

/** An image a node holds, or failed to get (with the reason, e.g. the registry is unreachable). */
export const observedImageSchema = z.object({
  id: digestSchema,
  references: z.array(z.string().max(512)).max(256),
  present: z.boolean(),
  error: z.string().max(2048).optional(),
});
export type ObservedImage = z.infer<typeof observedImageSchema>;

/** Where an agent downloads a loaded archive, over mTLS with its node certificate. */
export function imageArchivePath(digest: Digest): string {
  return `/agent/images/${digest}`;
}

/** One image as the dashboard's Images page and `images.list` show it. */
export const imageViewSchema = z.object({
  id: digestSchema,
  /** `name:tag` references; empty for an untagged image. */
  references: z.array(z.string()),
  /** Bytes: the archive's layers as loaded (0 for the built-in images). */
  size: z.number().int().nonnegative(),
  layers: z.number().int().nonnegative(),
  createdAt: z.string().nullable(),
  source: z.enum(['builtin', 'archive', 'registry']),
  runtime: runtimeSchema,
  config: imageConfigSchema.nullable(),
  /** Every node that should hold it: whether it does, or why not. */
  hosts: z.array(
    z.object({ nodeId: z.string(), name: z.string(), present: z.boolean(), error: z.string().optional() }),
  ),
  /** Containers (and tasks) using it. */
  containers: z.number().int().nonnegative(),
});
export type ImageView = z.infer<typeof imageViewSchema>;

/** The dashboard's upload (`POST /ui/images/load` on the control plane, a tar body): what it loaded. */
export const imageLoadResultSchema = z.object({
  images: z.array(z.object({ id: digestSchema, references: z.array(z.string()) })),
});
export type ImageLoadResult = z.infer<typeof imageLoadResultSchema>;
