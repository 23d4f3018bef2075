import { createHash } from 'node:crypto';
import { imageConfigSchema, type Digest, type ImageConfig } from '@switchyard/contracts';
import { z } from 'zod';
import { familiarReference } from './references.js';
import { indexTar, TarError, type ByteSource, type TarEntry } from './tar.js';

/**
 * Reads an image archive: a docker-archive (`docker save`: manifest.json naming each image's config,
 * tags and layers) or an OCI image layout (index.json → manifest → config, names in annotations).
 * Pure over a byte source, so it is unit tested on archives built in memory.
 */

export interface ArchiveImage {
  /** sha256 of the config's bytes: the image id. */
  id: Digest;
  references: string[];
  config: ImageConfig;
  /** When the image was built, from the config; null when it does not say. */
  created: string | null;
  /** Bytes of the image's layers as stored in the archive. */
  size: number;
  layers: number;
}

export class ArchiveError extends Error {}

const dockerManifestSchema = z.array(
  z.object({
    Config: z.string(),
    RepoTags: z.array(z.string()).nullable().optional(),
    Layers: z.array(z.string()),
  }),
);

const descriptorSchema = z.object({
  mediaType: z.string().optional(),
  digest: z.string(),
  size: z.number().optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  platform: z.object({ architecture: z.string(), os: z.string() }).partial().optional(),
});
type Descriptor = z.infer<typeof descriptorSchema>;

const ociIndexSchema = z.object({ manifests: z.array(descriptorSchema) });
const ociManifestSchema = z.object({ config: descriptorSchema, layers: z.array(descriptorSchema) });

/** The parts of Docker's image config JSON the container's defaults come from. */
const rawConfigSchema = z.object({
  architecture: z.string().optional(),
  os: z.string().optional(),
  created: z.string().optional(),
  config: z
    .object({
      Env: z.array(z.string()).nullable().optional(),
      Cmd: z.array(z.string()).nullable().optional(),
      Entrypoint: z.array(z.string()).nullable().optional(),
      WorkingDir: z.string().optional(),
      User: z.string().optional(),
      ExposedPorts: z.record(z.string(), z.unknown()).nullable().optional(),
      Labels: z.record(z.string(), z.string()).nullable().optional(),
      StopSignal: z.string().optional(),
      Healthcheck: z
        .object({
          Test: z.array(z.string()).nullable().optional(),
          Interval: z.number().optional(),
          Timeout: z.number().optional(),
          StartPeriod: z.number().optional(),
          Retries: z.number().optional(),
        })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
  rootfs: z.object({ diff_ids: z.array(z.string()) }).optional(),
});

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** `80/tcp` → port 80 tcp; anything else (a range, sctp) is left out. */
function exposedPort(key: string): { port: number; protocol: 'tcp' | 'udp' }[] {
  const match = /^(\d{1,5})(?:\/(tcp|udp))?$/.exec(key);
  const port = Number(match?.[1]);
  if (match === null || port < 1 || port > 65_535) return [];
  return [{ port, protocol: match[2] === 'udp' ? 'udp' : 'tcp' }];
}

/** Docker's image config JSON, as contracts' imageConfigSchema. */
export function readImageConfig(
  bytes: Buffer,
  where: string,
): { config: ImageConfig; created: string | null } {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ArchiveError(`${where}: the image config is not JSON`);
  }
  const parsed = rawConfigSchema.safeParse(json);
  if (!parsed.success)
    throw new ArchiveError(`${where}: not an image config (${parsed.error.issues[0]?.message})`);
  const raw = parsed.data;
  const c = raw.config ?? {};
  const health = c.Healthcheck;
  const config = imageConfigSchema.safeParse({
    env: c.Env ?? [],
    cmd: c.Cmd ?? null,
    entrypoint: c.Entrypoint ?? null,
    workingDir: c.WorkingDir ?? '',
    user: c.User ?? '',
    exposedPorts: Object.keys(c.ExposedPorts ?? {}).flatMap(exposedPort),
    labels: c.Labels ?? {},
    stopSignal: c.StopSignal === undefined || c.StopSignal === '' ? null : c.StopSignal,
    healthcheck:
      health?.Test === undefined || health.Test === null || health.Test.length === 0
        ? null
        : {
            test: health.Test,
            intervalNs: health.Interval ?? 0,
            timeoutNs: health.Timeout ?? 0,
            startPeriodNs: health.StartPeriod ?? 0,
            retries: health.Retries ?? 0,
          },
    diffIds: raw.rootfs?.diff_ids ?? [],
    architecture: raw.architecture ?? 'amd64',
    os: raw.os ?? 'linux',
  });
  if (!config.success) {
    const issue = config.error.issues[0];
    throw new ArchiveError(
      `${where}: ${issue?.path.join('.') ?? 'config'} ${issue?.message ?? 'is invalid'}`,
    );
  }
  return { config: config.data, created: raw.created ?? null };
}

class Members {
  constructor(
    private readonly source: ByteSource,
    private readonly entries: Map<string, TarEntry>,
  ) {}

  has(name: string): boolean {
    return this.entries.has(name);
  }

  entry(name: string, what: string): TarEntry {
    const entry = this.entries.get(name.replace(/^(\.\/)+/, ''));
    if (entry === undefined) throw new ArchiveError(`${what} ${name} is missing from the archive`);
    return entry;
  }

  bytes(name: string, what: string, limit = 16 * 1024 * 1024): Buffer {
    const entry = this.entry(name, what);
    if (entry.size > limit) throw new ArchiveError(`${what} ${name} is larger than ${limit} bytes`);
    return this.source.read(entry.offset, entry.size);
  }

  json<T>(name: string, what: string, schema: z.ZodType<T>): T {
    let json: unknown;
    try {
      json = JSON.parse(this.bytes(name, what).toString('utf8'));
    } catch {
      throw new ArchiveError(`${name} is not JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ArchiveError(`${name}: ${issue?.path.join('.') || what} ${issue?.message ?? 'is invalid'}`);
    }
    return parsed.data;
  }
}

function readDockerArchive(members: Members): ArchiveImage[] {
  const manifest = members.json('manifest.json', 'manifest', dockerManifestSchema);
  if (manifest.length === 0) throw new ArchiveError('manifest.json lists no image');
  return manifest.map((image) => {
    const bytes = members.bytes(image.Config, 'config');
    const { config, created } = readImageConfig(bytes, image.Config);
    const layers = image.Layers.map((layer) => members.entry(layer, 'layer'));
    if (layers.length !== config.diffIds.length) {
      throw new ArchiveError(
        `${image.Config}: ${layers.length} layers in manifest.json but ${config.diffIds.length} rootfs.diff_ids`,
      );
    }
    return {
      id: sha256(bytes),
      references: [...new Set((image.RepoTags ?? []).map(familiarReference))],
      config,
      created,
      size: layers.reduce((sum, layer) => sum + layer.size, 0),
      layers: layers.length,
    };
  });
}

const blobPath = (digest: string) => {
  const match = /^sha256:([0-9a-f]{64})$/.exec(digest);
  if (match === null) throw new ArchiveError(`digest ${digest} is not sha256`);
  return `blobs/sha256/${match[1]}`;
};

const indexMediaTypes = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

/** A name from an OCI descriptor's annotations; a bare tag (`1.25`) names no repository. */
function annotatedName(annotations: Record<string, string> | undefined): string | null {
  const full = annotations?.['io.containerd.image.name'];
  if (full !== undefined && full !== '') return familiarReference(full);
  const ref = annotations?.['org.opencontainers.image.ref.name'];
  if (ref === undefined || !/[/:]/.test(ref)) return null;
  return familiarReference(ref);
}

function readOciLayout(members: Members, architecture: string): ArchiveImage[] {
  const images = new Map<string, ArchiveImage>();
  const visit = (descriptor: Descriptor, names: string[], depth: number) => {
    if (depth > 4) throw new ArchiveError('index.json nests indexes too deeply');
    const path = blobPath(descriptor.digest);
    const name = annotatedName(descriptor.annotations);
    const all = name === null ? names : [...names, name];
    if (descriptor.mediaType !== undefined && indexMediaTypes.has(descriptor.mediaType)) {
      const nested = members.json(path, 'index', ociIndexSchema);
      const chosen = choosePlatform(nested.manifests, architecture);
      for (const child of chosen) visit(child, all, depth + 1);
      return;
    }
    const manifest = members.json(path, 'manifest', ociManifestSchema);
    const configPath = blobPath(manifest.config.digest);
    const bytes = members.bytes(configPath, 'config');
    const { config, created } = readImageConfig(bytes, configPath);
    const id = sha256(bytes);
    const layers = manifest.layers.map((layer) => members.entry(blobPath(layer.digest), 'layer'));
    const known = images.get(id);
    images.set(id, {
      id,
      references: [...new Set([...(known?.references ?? []), ...all])],
      config,
      created,
      size: layers.reduce((sum, layer) => sum + layer.size, 0),
      layers: layers.length,
    });
  };
  const index = members.json('index.json', 'index', ociIndexSchema);
  if (index.manifests.length === 0) throw new ArchiveError('index.json lists no manifest');
  for (const descriptor of choosePlatform(index.manifests, architecture)) visit(descriptor, [], 0);
  return [...images.values()];
}

/** Of a multi-platform index, the entries for this machine's platform (all when none says). */
function choosePlatform(manifests: Descriptor[], architecture: string): Descriptor[] {
  if (!manifests.some((manifest) => manifest.platform?.architecture !== undefined)) return manifests;
  const matching = manifests.filter(
    (manifest) =>
      manifest.platform?.architecture === architecture && (manifest.platform.os ?? 'linux') === 'linux',
  );
  if (matching.length === 0) {
    const offered = manifests.map((m) => `${m.platform?.os ?? '?'}/${m.platform?.architecture ?? '?'}`);
    throw new ArchiveError(`no linux/${architecture} image in the archive (it has ${offered.join(', ')})`);
  }
  return matching;
}

/**
 * The images of an archive. A docker-archive's manifest.json wins over its index.json (Docker 25+
 * writes both). Throws ArchiveError naming what is wrong.
 */
export function readImageArchive(source: ByteSource, architecture = 'amd64'): ArchiveImage[] {
  if (source.size === 0) throw new ArchiveError('the archive is empty');
  let entries: Map<string, TarEntry>;
  try {
    entries = indexTar(source);
  } catch (error) {
    if (error instanceof TarError) throw new ArchiveError(`not a tar archive: ${error.message}`);
    throw error;
  }
  const members = new Members(source, entries);
  if (members.has('manifest.json')) return readDockerArchive(members);
  if (members.has('index.json')) return readOciLayout(members, architecture);
  throw new ArchiveError('not a docker-archive or OCI layout: no manifest.json or index.json');
}

/** A byte source over a buffer (tests, small uploads). */
export function bufferSource(buffer: Buffer): ByteSource {
  return { size: buffer.length, read: (offset, length) => buffer.subarray(offset, offset + length) };
}
