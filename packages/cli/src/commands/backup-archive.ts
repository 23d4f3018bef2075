import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';

// A backup is a plain ustar archive (`tar tf` lists it): one header block per entry, then its bytes
// padded to 512. Written and read synchronously, a block at a time, so an image store of gigabytes
// never sits in memory.

const block = 512;

export interface ArchiveEntry {
  /** Relative, `/`-separated; a directory's ends in `/`. */
  name: string;
  type: 'file' | 'directory';
  size: number;
}

function field(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value, offset, Math.min(length, Buffer.byteLength(value)), 'utf8');
}

function octal(header: Buffer, offset: number, length: number, value: number): void {
  field(header, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

/** The name split as ustar keeps it: up to 155 bytes of prefix, a `/`, up to 100 of name. Pure. */
export function splitName(name: string): { prefix: string; name: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', name };
  for (let cut = name.indexOf('/'); cut >= 0; cut = name.indexOf('/', cut + 1)) {
    const prefix = name.slice(0, cut);
    const rest = name.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest !== '')
      return { prefix, name: rest };
  }
  throw new Error(`${name}: the path is too long for a backup archive (ustar takes 255 bytes)`);
}

/** One ustar header block. Pure. */
export function tarHeader(entry: ArchiveEntry, mtimeSeconds: number): Buffer {
  const header = Buffer.alloc(block);
  const { prefix, name } = splitName(entry.name);
  field(header, 0, 100, name);
  octal(header, 100, 8, entry.type === 'directory' ? 0o700 : 0o600);
  octal(header, 108, 8, 0);
  octal(header, 116, 8, 0);
  octal(header, 124, 12, entry.type === 'directory' ? 0 : entry.size);
  octal(header, 136, 12, Math.floor(mtimeSeconds));
  header.fill(' ', 148, 156);
  field(header, 156, 1, entry.type === 'directory' ? '5' : '0');
  field(header, 257, 6, 'ustar\0');
  field(header, 263, 2, '00');
  field(header, 345, 155, prefix);
  let sum = 0;
  for (const byte of header) sum += byte;
  field(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

const text = (header: Buffer, offset: number, length: number) => {
  const raw = header.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
};

/** The entry a header block describes; undefined for the zero block that ends the archive. Pure. */
export function parseTarHeader(header: Buffer): ArchiveEntry | undefined {
  if (header.every((byte) => byte === 0)) return undefined;
  let sum = 0;
  header.forEach((byte, index) => (sum += index >= 148 && index < 156 ? 32 : byte));
  if (Number.parseInt(text(header, 148, 8).trim(), 8) !== sum)
    throw new Error('not a backup archive: a header checksum does not match');
  const type = text(header, 156, 1);
  if (type !== '0' && type !== '' && type !== '5')
    throw new Error(`not a backup archive: an entry of type "${type}" (only files and directories are)`);
  const prefix = text(header, 345, 155);
  const name = text(header, 0, 100);
  return {
    name: prefix === '' ? name : `${prefix}/${name}`,
    type: type === '5' ? 'directory' : 'file',
    size: Number.parseInt(text(header, 124, 12).trim() || '0', 8),
  };
}

/** Appends entries to an archive file opened for writing. */
export class ArchiveWriter {
  private readonly fd: number;

  constructor(path: string) {
    // `wx`: a backup never overwrites a file; 0600: it holds the CA's key.
    this.fd = openSync(path, 'wx', 0o600);
  }

  directory(name: string): void {
    writeSync(
      this.fd,
      tarHeader({ name: `${name.replace(/\/$/, '')}/`, type: 'directory', size: 0 }, Date.now() / 1000),
    );
  }

  /** Copies a file in, a megabyte at a time. */
  file(name: string, sourcePath: string): number {
    const source = openSync(sourcePath, 'r');
    try {
      const { size, mtimeMs } = fstatSync(source);
      writeSync(this.fd, tarHeader({ name, type: 'file', size }, mtimeMs / 1000));
      const buffer = Buffer.alloc(1024 * 1024);
      let copied = 0;
      while (copied < size) {
        const read = readSync(source, buffer, 0, Math.min(buffer.length, size - copied), copied);
        if (read === 0) throw new Error(`${sourcePath} shrank while it was read`);
        writeSync(this.fd, buffer, 0, read);
        copied += read;
      }
      const padding = (block - (size % block)) % block;
      if (padding > 0) writeSync(this.fd, Buffer.alloc(padding));
      return size;
    } finally {
      closeSync(source);
    }
  }

  bytes(name: string, content: Buffer): void {
    writeSync(this.fd, tarHeader({ name, type: 'file', size: content.length }, Date.now() / 1000));
    writeSync(this.fd, content);
    const padding = (block - (content.length % block)) % block;
    if (padding > 0) writeSync(this.fd, Buffer.alloc(padding));
  }

  close(): void {
    writeSync(this.fd, Buffer.alloc(block * 2));
    closeSync(this.fd);
  }
}

/**
 * Reads an archive entry by entry: `visit` gets each entry and a function that copies its bytes to
 * an open file descriptor (or reads them whole, for small ones).
 */
export function readArchive(
  path: string,
  visit: (entry: ArchiveEntry, content: { copyTo(fd: number): void; read(): Buffer }) => void,
): void {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(block);
    let offset = 0;
    for (;;) {
      if (readSync(fd, header, 0, block, offset) < block)
        throw new Error('the archive ends in the middle of an entry');
      const entry = parseTarHeader(header);
      if (entry === undefined) return;
      const start = offset + block;
      const copy = (write: (chunk: Buffer) => void) => {
        const buffer = Buffer.alloc(1024 * 1024);
        for (let done = 0; done < entry.size;) {
          const read = readSync(fd, buffer, 0, Math.min(buffer.length, entry.size - done), start + done);
          if (read === 0) throw new Error(`the archive ends inside ${entry.name}`);
          write(buffer.subarray(0, read));
          done += read;
        }
      };
      visit(entry, {
        copyTo: (out) => copy((chunk) => writeSync(out, chunk)),
        read: () => {
          const chunks: Buffer[] = [];
          copy((chunk) => chunks.push(Buffer.from(chunk)));
          return Buffer.concat(chunks);
        },
      });
      offset = start + Math.ceil(entry.size / block) * block;
    }
  } finally {
    closeSync(fd);
  }
}
