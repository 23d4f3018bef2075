import type { Readable } from 'node:stream';
import {
  builtinImages,
  capabilitySchema,
  isBuiltinImage,
  type Digest,
  type ImageLoadResult,
  type ImageView,
} from '@switchyard/contracts';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { readJsonColumn } from '../db/json-column.js';
import { ServiceError } from '../errors.js';
import { announce, type InventoryDeps } from '../inventory/deps.js';
import type { HostWaiting, ImageService, RemovedImage } from './api.js';
import { ArchiveError, type ArchiveImage } from './archive.js';
import { pruneArchives, readStoredArchive, receiveArchive } from './archive-store.js';
import { builtinImageId } from './builtin.js';
import { allImages, findImage, imageUsers, readObservedImages, type ImageRecord } from './image-rows.js';
import { familiarReference, isValidReference, shortId } from './references.js';

const capabilitiesColumn = z.array(z.string());

/** This machine's architecture as OCI names it: what the archive's platform must match. */
const hostArchitecture = process.arch === 'arm64' ? 'arm64' : 'amd64';

/** Every node with what it can run and what it holds. */
async function imageNodes(tx: Tx) {
  const nodes = await tx.node.findMany({
    select: { id: true, name: true, status: true, capabilities: true, images: true },
  });
  return nodes.map((node) => ({
    id: node.id,
    name: node.name,
    ready: node.status === 'ready',
    capabilities: readJsonColumn(capabilitiesColumn, node.capabilities).flatMap((name) => {
      const known = capabilitySchema.safeParse(name);
      return known.success ? [known.data] : [];
    }),
    images: readObservedImages(node.images),
  }));
}

/**
 * Loaded and pulled images: their records, what each node was told to hold (compiled into its
 * desired document) and what each node reports holding.
 */
export class Images implements ImageService {
  constructor(private readonly deps: InventoryDeps) {}

  /** `docker load`: stores the archive while it arrives, reads it, records its images. */
  async load(body: Readable, actor: string): Promise<ImageLoadResult['images']> {
    const stored = await receiveArchive(
      body,
      this.deps.config.dataDir,
      this.deps.config.imageArchiveMaxBytes,
    );
    let images: ArchiveImage[];
    try {
      images = readStoredArchive(stored.path, hostArchitecture);
    } catch (error) {
      await this.prune();
      if (error instanceof ArchiveError) throw new ServiceError('BAD_REQUEST', error.message, 'archive');
      throw error;
    }
    const source = { kind: 'archive' as const, digest: stored.digest, size: stored.size };
    await this.deps.lock.run(() =>
      this.deps.events.commit(
        async (tx) => {
          for (const image of images) {
            await this.record(tx, {
              id: image.id,
              references: image.references,
              config: JSON.stringify(image.config),
              built: image.created,
              size: image.size,
              layers: image.layers,
              source: JSON.stringify(source),
            });
          }
        },
        () =>
          images.map((image) => ({
            kind: 'image.loaded' as const,
            severity: 'info' as const,
            actor,
            subject: image.references[0] ?? shortId(image.id),
            message: `${actor} loaded image ${image.references.join(', ') || shortId(image.id)} (${shortId(image.id)}, ${image.size} bytes)`,
          })),
      ),
    );
    await this.prune();
    await this.changed(images.map((image) => image.id));
    return images.map((image) => ({ id: image.id, references: image.references }));
  }

  /**
   * Waits until every ready host with a container runtime holds each image, or one says why it
   * cannot, or `timeoutMs` passes. Returns the hosts that do not hold them.
   */
  async awaitHosts(
    ids: readonly Digest[],
    timeoutMs = this.deps.config.imageLoadWaitMs,
  ): Promise<HostWaiting[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const waiting = new Map<string, HostWaiting>();
      for (const node of await imageNodes(this.deps.db)) {
        if (!node.ready || !node.capabilities.includes('containerd')) continue;
        for (const id of ids) {
          const held = node.images.find((image) => image.id === id);
          if (held?.present === true) continue;
          const previous = waiting.get(node.name);
          waiting.set(
            node.name,
            previous?.error !== undefined
              ? previous
              : { name: node.name, ...(held?.error === undefined ? {} : { error: held.error }) },
          );
        }
      }
      const hosts = [...waiting.values()];
      if (hosts.length === 0 || hosts.every((host) => host.error !== undefined) || Date.now() >= deadline) {
        return hosts.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(250, Math.max(0, deadline - Date.now()))));
    }
  }

  /** Built-in images first, then every loaded or pulled one, with the hosts that hold each. */
  async list(): Promise<ImageView[]> {
    const [images, nodes, users] = await this.deps.db.$transaction(async (tx) => [
      await allImages(tx),
      await imageNodes(tx),
      await imageUsers(tx),
    ]);
    const builtins = builtinImages.map((name): ImageView => ({
      id: builtinImageId(name),
      references: [`${name}:latest`],
      size: 0,
      layers: 0,
      createdAt: null,
      source: 'builtin',
      runtime: 'process',
      config: null,
      hosts: [],
      containers: 0,
    }));
    const holders = nodes.filter((node) => node.capabilities.includes('containerd'));
    return [
      ...builtins,
      ...images.map((image): ImageView => ({
        id: image.id,
        references: image.references,
        size: image.size,
        layers: image.layers,
        createdAt: image.createdAt.toISOString(),
        source: image.source.kind,
        runtime: 'containerd',
        config: image.config,
        hosts: holders.map((node) => {
          const held = node.images.find((observed) => observed.id === image.id);
          return {
            nodeId: node.id,
            name: node.name,
            present: held?.present === true,
            ...(held?.error === undefined ? {} : { error: held.error }),
          };
        }),
        containers: users.get(image.id)?.length ?? 0,
      })),
    ];
  }

  /** The image a name or id means; 404 as Docker words it. */
  async get(name: string): Promise<ImageRecord> {
    const image = await findImage(this.deps.db, name);
    if (image === null) throw noSuchImage(name);
    return image;
  }

  /**
   * `docker rmi`: a reference of an image with others is only untagged; the last reference (or the
   * id) deletes the image, refused while a container uses it unless forced. A forced removal of an
   * image in use untags it and keeps it for its containers.
   */
  async remove(name: string, options: { force: boolean }, actor: string): Promise<RemovedImage[]> {
    const result = await this.deps.lock.run(() =>
      this.deps.events.commit(
        async (tx) => {
          const image = await findImage(tx, name);
          if (image === null) throw noSuchImage(name);
          const reference = familiarReference(name);
          const byReference = image.references.includes(reference);
          if (byReference && image.references.length > 1) {
            await this.setReferences(
              tx,
              image.id,
              image.references.filter((other) => other !== reference),
            );
            return { image, removed: [{ Untagged: reference }] as RemovedImage[] };
          }
          if (!byReference && image.references.length > 1 && !options.force) {
            throw new ServiceError(
              'CONFLICT',
              `conflict: unable to delete ${shortId(image.id)} (must be forced) - image is referenced in multiple repositories`,
              'image',
            );
          }
          const users = (await imageUsers(tx)).get(image.id) ?? [];
          const [user] = users;
          if (user !== undefined && !options.force) {
            throw new ServiceError(
              'CONFLICT',
              byReference
                ? `conflict: unable to remove repository reference "${name}" (must force) - container ${shortId(user.id)} is using its referenced image ${shortId(image.id)}`
                : `conflict: unable to delete ${shortId(image.id)} (must be forced) - image is being used by stopped container ${shortId(user.id)}`,
              'image',
            );
          }
          const untagged = image.references.map((ref): RemovedImage => ({ Untagged: ref }));
          if (user !== undefined) {
            await this.setReferences(tx, image.id, []);
            return { image, removed: untagged };
          }
          await tx.image.delete({ where: { id: image.id } });
          return { image, removed: [...untagged, { Deleted: image.id }] };
        },
        ({ image, removed }) => ({
          kind: 'image.removed',
          severity: 'info',
          actor,
          subject: image.references[0] ?? shortId(image.id),
          message: `${actor} ${removed.some((line) => 'Deleted' in line) ? 'removed' : 'untagged'} image ${name} (${shortId(image.id)})${options.force ? ' (forced)' : ''}`,
        }),
      ),
    );
    await this.prune();
    await this.changed([result.image.id]);
    return result.removed;
  }

  /** `docker tag`: the reference moves to this image if another had it. */
  async tag(name: string, reference: string, actor: string): Promise<ImageRecord> {
    if (!isValidReference(reference)) {
      throw new ServiceError('BAD_REQUEST', `invalid reference format: "${reference}"`, 'reference');
    }
    const target = familiarReference(reference);
    if (isBuiltinImage(target)) {
      throw new ServiceError('BAD_REQUEST', `${target} is a built-in image's name`, 'reference');
    }
    const image = await this.deps.lock.run(() =>
      this.deps.events.commit(
        async (tx) => {
          const found = await findImage(tx, name);
          if (found === null) throw noSuchImage(name);
          await this.takeReferences(tx, found.id, [target]);
          await this.setReferences(tx, found.id, [...new Set([...found.references, target])]);
          return found;
        },
        (found) => ({
          kind: 'image.tagged',
          severity: 'info',
          actor,
          subject: target,
          message: `${actor} tagged image ${shortId(found.id)} as ${target}`,
        }),
      ),
    );
    await this.changed([image.id]);
    return this.get(target);
  }

  /**
   * `docker pull`: one ready host with a container runtime pulls it and reads its config; then every
   * such host is told to pull it. The agent's refusal is passed on, naming the host.
   */
  async pull(reference: string, actor: string): Promise<ImageRecord> {
    if (!isValidReference(reference.replace(/@sha256:[0-9a-f]{64}$/, ''))) {
      throw new ServiceError('BAD_REQUEST', `invalid reference format: "${reference}"`, 'reference');
    }
    const name = familiarReference(reference);
    const nodes = await imageNodes(this.deps.db);
    const puller = nodes
      .filter(
        (node) =>
          node.ready && node.capabilities.includes('containerd') && this.deps.agentHub.isConnected(node.id),
      )
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))[0];
    if (puller === undefined) {
      const reasons = nodes.map((node) =>
        node.ready ? `${node.name} has no container runtime` : `${node.name} is down`,
      );
      throw new ServiceError(
        'UNAVAILABLE',
        `cannot pull ${name}: no ready host has a container runtime${reasons.length === 0 ? '' : ` (${reasons.join('; ')})`}`,
        'reference',
      );
    }
    let reply;
    try {
      reply = await this.deps.agentHub.pullImage(puller.id, { reference: name });
    } catch (error) {
      throw new ServiceError(
        'UNAVAILABLE',
        `${puller.name} did not answer the pull of ${name}: ${String(error)}`,
        'reference',
      );
    }
    if (reply === null)
      throw new ServiceError('UNAVAILABLE', `${puller.name} disconnected during the pull of ${name}`);
    if (!reply.ok) {
      const words = reply.error.includes(puller.name) ? reply.error : `${puller.name}: ${reply.error}`;
      throw new ServiceError('NOT_FOUND', words, 'reference');
    }
    const pulled = reply;
    await this.deps.lock.run(() =>
      this.deps.events.commit(
        (tx) =>
          this.record(tx, {
            id: pulled.id,
            references: [name],
            config: JSON.stringify(pulled.config),
            built: null,
            size: pulled.size,
            layers: pulled.config.diffIds.length,
            source: JSON.stringify({ kind: 'registry', reference: name }),
          }),
        () => ({
          kind: 'image.pulled',
          severity: 'info',
          actor,
          subject: name,
          message: `${actor} pulled image ${name} (${shortId(pulled.id)}) on ${puller.name}`,
        }),
      ),
    );
    await this.changed([pulled.id]);
    return this.get(name);
  }

  /** Writes an image, taking its references from any other image that had them. */
  private async record(
    tx: Tx,
    row: {
      id: string;
      references: string[];
      config: string;
      built: string | null;
      size: number;
      layers: number;
      source: string;
    },
  ): Promise<void> {
    await this.takeReferences(tx, row.id, row.references);
    const existing = await tx.image.findUnique({ where: { id: row.id } });
    const references = JSON.stringify([
      ...new Set([
        ...(existing === null ? [] : (JSON.parse(existing.references) as string[])),
        ...row.references,
      ]),
    ]);
    await tx.image.upsert({
      where: { id: row.id },
      create: { ...row, references },
      update: { references, source: row.source, size: row.size, layers: row.layers },
    });
  }

  private async takeReferences(tx: Tx, id: string, references: readonly string[]): Promise<void> {
    for (const other of await allImages(tx)) {
      if (other.id === id) continue;
      const kept = other.references.filter((reference) => !references.includes(reference));
      if (kept.length !== other.references.length) await this.setReferences(tx, other.id, kept);
    }
  }

  private async setReferences(tx: Tx, id: string, references: string[]): Promise<void> {
    await tx.image.update({ where: { id }, data: { references: JSON.stringify(references) } });
  }

  private async prune(): Promise<void> {
    const images = await allImages(this.deps.db);
    pruneArchives(
      this.deps.config.dataDir,
      new Set(images.flatMap((image) => (image.source.kind === 'archive' ? [image.source.digest] : []))),
    );
  }

  /** Every node's document lists the images: all are pushed; live viewers refetch. */
  private async changed(ids: string[]): Promise<void> {
    const nodes = await this.deps.db.node.findMany({ select: { id: true } });
    await announce(
      this.deps,
      ids.map((id) => ({ kind: 'image' as const, id })),
      nodes.map((node) => node.id),
    );
  }
}

export function noSuchImage(name: string): ServiceError {
  return new ServiceError('NOT_FOUND', `No such image: ${familiarReference(name)}`, 'image');
}
