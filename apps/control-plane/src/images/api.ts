import type { Readable } from 'node:stream';
import type { Digest, ImageLoadResult, ImageView } from '@switchyard/contracts';
import type { ImageRecord } from './image-rows.js';

/** One line of `docker rmi`'s answer. */
export type RemovedImage = { Untagged: string } | { Deleted: string };

/** A host that does not hold an image yet, and why when its agent said. */
export interface HostWaiting {
  name: string;
  error?: string;
}

/** What the Engine API, tRPC and the dashboard's upload ask of the image store. */
export interface ImageService {
  load(body: Readable, actor: string): Promise<ImageLoadResult['images']>;
  awaitHosts(ids: readonly Digest[], timeoutMs?: number): Promise<HostWaiting[]>;
  list(): Promise<ImageView[]>;
  get(name: string): Promise<ImageRecord>;
  remove(name: string, options: { force: boolean }, actor: string): Promise<RemovedImage[]>;
  tag(name: string, reference: string, actor: string): Promise<ImageRecord>;
  pull(reference: string, actor: string): Promise<ImageRecord>;
}
