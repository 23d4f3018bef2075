import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArchiveWriter, parseTarHeader, readArchive, splitName, tarHeader } from './backup-archive.js';
import { isBackedUp, isRestorable } from './backup-contents.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the backup archive', () => {
  it('round-trips files and directories, and tar reads it too', () => {
    const source = join(dir, 'source.bin');
    const content = Buffer.alloc(700_000, 7);
    writeFileSync(source, content);
    const long = `images/${'a'.repeat(90)}/${'b'.repeat(90)}.tar`;
    const path = join(dir, 'backup.tar');
    const writer = new ArchiveWriter(path);
    writer.bytes('switchyard-backup.json', Buffer.from('{}'));
    writer.directory('tls');
    writer.file(long, source);
    writer.close();
    expect(() => new ArchiveWriter(path)).toThrow(/EEXIST/);

    const read: [string, string, number][] = [];
    readArchive(path, (entry, body) => {
      const bytes = entry.type === 'file' ? body.read() : Buffer.alloc(0);
      if (entry.name === long) expect(bytes.equals(content)).toBe(true);
      read.push([entry.name, entry.type, bytes.length]);
    });
    expect(read).toEqual([
      ['switchyard-backup.json', 'file', 2],
      ['tls/', 'directory', 0],
      [long, 'file', 700_000],
    ]);
    expect(execFileSync('tar', ['tf', path], { encoding: 'utf8' }).trim().split('\n')).toEqual(
      read.map(([name]) => name),
    );
  });

  it('splits long names as ustar does, and refuses what it cannot hold', () => {
    expect(splitName('a/b')).toEqual({ prefix: '', name: 'a/b' });
    expect(splitName(`${'p'.repeat(120)}/file`)).toEqual({ prefix: 'p'.repeat(120), name: 'file' });
    expect(() => splitName('x'.repeat(300))).toThrow(/too long/);
  });

  it('refuses a header whose checksum is wrong', () => {
    const header = tarHeader({ name: 'x', type: 'file', size: 1 }, 0);
    expect(parseTarHeader(header)).toEqual({ name: 'x', type: 'file', size: 1 });
    header[0] = 'y'.charCodeAt(0);
    expect(() => parseTarHeader(header)).toThrow(/checksum/);
  });
});

describe('what a backup holds and a restore writes', () => {
  it.each([
    ['tls/ca-key.pem', true],
    ['images/sha256/abc', true],
    ['metrics-token', true],
    ['lab/sy/sy-host1/tls/node-key.pem', true],
    ['lab/sy/sy-host1.log', false],
    ['control-plane.json', false],
    ['switchyard.db', false],
  ])('backs up %s: %s', (path, kept) => expect(isBackedUp(path)).toBe(kept));

  it.each([
    ['switchyard.db', true],
    ['lab/sy/sy-host1/', true],
    ['tls/../../etc/passwd', false],
    ['/etc/passwd', false],
    ['control-plane.json', false],
    ['./tls', false],
  ])('restores %s: %s', (name, allowed) => expect(isRestorable(name)).toBe(allowed));
});
