import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  imageArchivePath,
  type DesiredImage,
  type ObservedImage,
  type PullImageResponse,
} from '@switchyard/contracts';
import {
  imageTarget,
  importImage,
  listImages,
  pullImage,
  readContent,
  removeImage,
  tagImage,
  type Containerd,
} from '../../osl/containerd.js';
import { parseImageConfig, readManifest } from './image-config.js';
import { idReference, normalizeReference, registryOf } from './references.js';

export interface ImageStoreOptions {
  containerd: Containerd;
  /** This node's name, for errors that say where a registry was not reachable. */
  node: string;
  /** Where archives are downloaded to before the import (0700). */
  workDir: string;
  /** Downloads the archive served at `pathname` on the control plane into `file`, checking `digest`. */
  download(pathname: string, digest: string, file: string): Promise<void>;
  /** Ids of images running containers use: never removed. */
  inUse(): Set<string>;
  log(message: string): void;
}

/** How long an image that could not be had waits before the next attempt: doubling from 1 s to 30 s. */
const firstRetryMs = 1_000;
const lastRetryMs = 30_000;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** ctr logs every attempt before its verdict: the verdict, its last line, says why. */
function verdict(error: unknown): string {
  return (
    describe(error)
      .split('\n')
      .filter((line) => line.trim() !== '')
      .at(-1) ?? ''
  );
}

/**
 * The images this node holds in its containerd namespace, kept as the desired document lists them:
 * archives downloaded from the control plane and imported, registry images pulled, each kept under
 * its id's name and tagged with every reference; images no longer listed go unless a container uses them.
 */
export class ImageStore {
  private desired: DesiredImage[] = [];
  private readonly state = new Map<string, ObservedImage>();
  private readonly listeners: (() => void)[] = [];
  private running: Promise<void> | undefined;
  private again = false;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  private failures = 0;
  /**
   * The list the last reconcile left the store exactly as desired for: no failure, and no image
   * kept only because a container used it. The same list again has nothing to do (every push of a
   * document lists the images: two `ctr images ls` per push saved).
   */
  private settled: string | undefined;

  constructor(private readonly options: ImageStoreOptions) {}

  apply(images: readonly DesiredImage[]): void {
    if (this.running === undefined && JSON.stringify(images) === this.settled) return;
    this.desired = [...images];
    this.settled = undefined;
    this.schedule();
  }

  observed(): ObservedImage[] {
    return this.desired.map(
      (image) => this.state.get(image.id) ?? { id: image.id, references: image.references, present: false },
    );
  }

  /** The layers of an image this node holds; undefined while it does not. */
  layers(id: string): string[] | undefined {
    if (this.state.get(id)?.present !== true) return undefined;
    return this.desired.find((image) => image.id === id)?.diffIds;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.running;
  }

  /** `docker pull` on this node: the image, its config and its layers' size, or why not. */
  async pull(reference: string): Promise<PullImageResponse> {
    const name = normalizeReference(reference);
    try {
      await pullImage(this.options.containerd, name);
    } catch (error) {
      return {
        ok: false,
        error: `${registryOf(reference)} is not reachable from ${this.options.node} (no registry answers here): ${verdict(error)}`,
      };
    }
    try {
      let digest = await imageTarget(this.options.containerd, name);
      let manifest =
        digest === undefined ? undefined : readManifest(await readContent(this.options.containerd, digest));
      if (manifest?.kind === 'index') {
        digest = manifest.manifest;
        manifest =
          digest === undefined ? undefined : readManifest(await readContent(this.options.containerd, digest));
      }
      if (manifest === undefined || manifest.kind !== 'manifest') {
        return { ok: false, error: `${reference} has no linux/amd64 image` };
      }
      const config = parseImageConfig(await readContent(this.options.containerd, manifest.config));
      await tagImage(this.options.containerd, name, idReference(manifest.config));
      return { ok: true, id: manifest.config, config, size: manifest.size };
    } catch (error) {
      return { ok: false, error: `cannot read the image ${reference} pulled: ${describe(error)}` };
    }
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.reconcile()
      .catch((error: unknown) => {
        // containerd itself did not answer: everything is tried again later.
        this.options.log(`cannot reconcile images: ${describe(error)}`);
        this.retryLater(true);
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
  }

  private async reconcile(): Promise<void> {
    const target = this.options.containerd;
    const names = new Set(await listImages(target));
    let failed = false;
    for (const image of this.desired) {
      const before = JSON.stringify(this.state.get(image.id));
      try {
        if (!names.has(idReference(image.id))) await this.obtain(image);
        for (const reference of image.references.map(normalizeReference)) {
          if (!names.has(reference)) await tagImage(target, idReference(image.id), reference);
        }
        this.state.set(image.id, { id: image.id, references: image.references, present: true });
      } catch (error) {
        failed = true;
        this.state.set(image.id, {
          id: image.id,
          references: image.references,
          present: false,
          error: describe(error).slice(0, 2000),
        });
      }
      if (JSON.stringify(this.state.get(image.id)) !== before) this.changed();
    }
    const keptInUse = await this.removeUnwanted(await listImages(target));
    for (const id of this.state.keys()) {
      if (!this.desired.some((image) => image.id === id)) this.state.delete(id);
    }
    if (!failed && !keptInUse && !this.again) this.settled = JSON.stringify(this.desired);
    this.retryLater(failed);
  }

  private retryLater(failed: boolean): void {
    clearTimeout(this.retry);
    this.failures = failed ? this.failures + 1 : 0;
    if (failed && !this.closed) {
      const delay = Math.min(lastRetryMs, firstRetryMs * 2 ** (this.failures - 1));
      this.retry = setTimeout(() => this.schedule(), delay);
    }
  }

  private async obtain(image: DesiredImage): Promise<void> {
    const target = this.options.containerd;
    if (image.source.kind === 'registry') {
      const reference = normalizeReference(image.source.reference);
      try {
        await pullImage(target, reference);
      } catch (error) {
        throw new Error(
          `${registryOf(reference)} is not reachable from ${this.options.node} (no registry answers here): ${verdict(error)}`,
        );
      }
      await tagImage(target, reference, idReference(image.id));
      return;
    }
    await mkdir(this.options.workDir, { recursive: true, mode: 0o700 });
    const file = path.join(this.options.workDir, `${image.source.digest.replace(/^sha256:/, '')}.tar`);
    try {
      await this.options.download(imageArchivePath(image.source.digest), image.source.digest, file);
      await importImage(target, file, idReference(image.id));
      this.options.log(`imported image ${image.references[0] ?? image.id}`);
    } finally {
      await rm(file, { force: true });
    }
  }

  /** Removes what is neither desired nor in use; whether an image stayed only for being in use. */
  private async removeUnwanted(names: readonly string[]): Promise<boolean> {
    const wanted = new Set<string>();
    for (const image of this.desired) {
      wanted.add(idReference(image.id));
      for (const reference of image.references) wanted.add(normalizeReference(reference));
    }
    const inUse = [...this.options.inUse()].map(idReference).filter((name) => !wanted.has(name));
    for (const name of inUse) wanted.add(name);
    for (const name of names) {
      if (wanted.has(name)) continue;
      await removeImage(this.options.containerd, name).catch((error: unknown) =>
        this.options.log(`cannot remove image ${name}: ${describe(error)}`),
      );
    }
    return inUse.some((name) => names.includes(name));
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
