import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  createWriteStream,
  fstatSync,
  openSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Digest } from '@switchyard/contracts';
import { privateDirectory } from '../db/migrate.js';
import { ServiceError } from '../errors.js';
import { readImageArchive, type ArchiveImage } from './archive.js';

/**
 * Loaded archives, kept under `<dataDir>/images` (0700, files 0600) named by the tar's sha256: the
 * agents download them from there. An upload is written to disk while it arrives and hashed on the
 * way, so a large archive is never held in memory.
 */

export interface StoredArchive {
  digest: Digest;
  size: number;
  path: string;
}

export function archiveDirectory(dataDir: string): string {
  return join(dataDir, 'images');
}

export function archiveFile(dataDir: string, digest: Digest): string {
  return join(archiveDirectory(dataDir), `${digest.slice('sha256:'.length)}.tar`);
}

/** Writes the body to the store; refuses (413) past `maxBytes`, leaving nothing behind. */
export async function receiveArchive(
  body: Readable & { headers?: Record<string, string | string[] | undefined> },
  dataDir: string,
  maxBytes: number,
): Promise<StoredArchive> {
  // A body that says it is too large is refused before a byte of it is stored.
  const declared = Number(body.headers?.['content-length'] ?? 0);
  if (Number.isFinite(declared) && declared > maxBytes) {
    body.resume();
    throw new ServiceError(
      'BAD_REQUEST',
      `the archive is larger than the limit of ${maxBytes} bytes`,
      'archive',
    );
  }
  const directory = archiveDirectory(dataDir);
  privateDirectory(directory);
  const incoming = join(directory, `.incoming-${randomBytes(8).toString('hex')}`);
  const file = createWriteStream(incoming, { mode: 0o600 });
  const hash = createHash('sha256');
  let size = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        body.unpipe(file);
        body.resume();
        file.destroy();
        reject(error);
      };
      body.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          fail(
            new ServiceError(
              'BAD_REQUEST',
              `the archive is larger than the limit of ${maxBytes} bytes`,
              'archive',
            ),
          );
          return;
        }
        hash.update(chunk);
      });
      body.on('error', fail);
      body.on('aborted', () => fail(new ServiceError('BAD_REQUEST', 'the upload was cut off', 'archive')));
      file.on('error', fail);
      file.on('finish', resolve);
      body.pipe(file);
    });
  } catch (error) {
    rmSync(incoming, { force: true });
    throw error;
  }
  const digest = `sha256:${hash.digest('hex')}` as Digest;
  const path = archiveFile(dataDir, digest);
  renameSync(incoming, path);
  return { digest, size, path };
}

/** Reads the images of a stored archive straight from its file; 400 naming what is wrong. */
export function readStoredArchive(path: string, architecture: string): ArchiveImage[] {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    return readImageArchive(
      {
        size,
        read: (offset, length) => {
          const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
          const read = readSync(fd, buffer, 0, buffer.length, offset);
          return buffer.subarray(0, read);
        },
      },
      architecture,
    );
  } finally {
    closeSync(fd);
  }
}

/** Removes stored archives no image comes from any more (uploads under way are left alone). */
export function pruneArchives(dataDir: string, kept: ReadonlySet<string>): void {
  const directory = archiveDirectory(dataDir);
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return;
  }
  for (const name of names) {
    const digest = `sha256:${name.replace(/\.tar$/, '')}`;
    if (!name.startsWith('.incoming-') && !kept.has(digest)) rmSync(join(directory, name), { force: true });
  }
}
