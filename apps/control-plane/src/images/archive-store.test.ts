import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../test-support/images/archive-fixture.js';
import { archiveFile, pruneArchives, receiveArchive } from './archive-store.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-archives-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const chunks = (...parts: string[]) => Readable.from(parts.map((part) => Buffer.from(part)));

describe('the archive store', () => {
  it('stores a body as it arrives, named by its sha256, for the owner alone', async () => {
    const stored = await receiveArchive(chunks('abc', 'def'), dataDir, 100);
    expect(stored).toEqual({
      digest: `sha256:${sha256Hex('abcdef')}`,
      size: 6,
      path: archiveFile(dataDir, `sha256:${sha256Hex('abcdef')}`),
    });
    expect(readFileSync(stored.path, 'utf8')).toBe('abcdef');
    expect(statSync(stored.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'images')).mode & 0o777).toBe(0o700);
  });

  it('refuses a body past the limit, by its length or as it arrives, leaving nothing', async () => {
    await expect(receiveArchive(chunks('abc', 'def', 'ghi'), dataDir, 7)).rejects.toThrow(
      'the archive is larger than the limit of 7 bytes',
    );
    const declared = Object.assign(chunks('x'), { headers: { 'content-length': '1000' } });
    await expect(receiveArchive(declared, dataDir, 7)).rejects.toThrow('larger than the limit');
    expect(readdirSync(join(dataDir, 'images'))).toEqual([]);
  });

  it('prunes archives no image comes from', async () => {
    const kept = await receiveArchive(chunks('kept'), dataDir, 100);
    await receiveArchive(chunks('gone'), dataDir, 100);
    pruneArchives(dataDir, new Set([kept.digest]));
    expect(readdirSync(join(dataDir, 'images'))).toEqual([`${kept.digest.slice('sha256:'.length)}.tar`]);
  });
});
