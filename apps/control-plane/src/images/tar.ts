/**
 * A tar index: where each regular file's bytes are in the archive, read from the 512-byte headers
 * alone, so a multi-gigabyte image archive is never read whole. ustar, GNU long names and PAX
 * `path`/`size` records are understood; that covers what `docker save`, `podman save`, buildkit and
 * `tar` write.
 */

/** Reads `length` bytes at `offset`; fewer at the end of the source. */
export interface ByteSource {
  size: number;
  read(offset: number, length: number): Buffer;
}

export interface TarEntry {
  name: string;
  offset: number;
  size: number;
}

export class TarError extends Error {}

const block = 512;

function text(header: Buffer, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

/** Octal, or GNU's base-256 (high bit set) for sizes of 8 GiB and more. */
function number(header: Buffer, start: number, length: number): number {
  const field = header.subarray(start, start + length);
  if (((field[0] ?? 0) & 0x80) !== 0) {
    let value = (field[0] ?? 0) & 0x7f;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    return value;
  }
  const digits = text(header, start, length).trim();
  if (digits === '') return 0;
  if (!/^[0-7]+$/.test(digits)) throw new TarError(`bad number field "${digits}"`);
  return parseInt(digits, 8);
}

function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let index = 0; index < block; index += 1) {
    sum += index >= 148 && index < 156 ? 32 : (header[index] ?? 0);
  }
  const stored = text(header, 148, 8).trim();
  return /^[0-7]+$/.test(stored) && sum === parseInt(stored, 8);
}

function paxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const length = Number(data.subarray(at, space).toString('ascii'));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
  return records;
}

/** `./a/b` and `a/b` are the same member. */
export function normalizeMember(name: string): string {
  return name.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

/** Every regular file in the archive, by normalized name. Throws TarError on a damaged archive. */
export function indexTar(source: ByteSource): Map<string, TarEntry> {
  const entries = new Map<string, TarEntry>();
  let offset = 0;
  let longName: string | null = null;
  let pax = new Map<string, string>();
  while (offset + block <= source.size) {
    const header = source.read(offset, block);
    if (header.length < block) break;
    if (header.every((byte) => byte === 0)) break;
    if (!checksumOk(header)) throw new TarError(`damaged header at byte ${offset}`);
    const type = String.fromCharCode(header[156] ?? 0);
    let size = number(header, 124, 12);
    const paxSize = pax.get('size');
    if (paxSize !== undefined) size = Number(paxSize);
    const dataOffset = offset + block;
    if (dataOffset + size > source.size) throw new TarError(`member at byte ${offset} runs past the end`);
    const next = dataOffset + Math.ceil(size / block) * block;
    if (type === 'L') {
      longName = text(source.read(dataOffset, size), 0, size);
    } else if (type === 'x') {
      pax = paxRecords(source.read(dataOffset, size));
    } else {
      if (type === '0' || type === '\0' || type === '7') {
        const prefix = text(header, 257, 6).startsWith('ustar') ? text(header, 345, 155) : '';
        const base = text(header, 0, 100);
        const name = pax.get('path') ?? longName ?? (prefix === '' ? base : `${prefix}/${base}`);
        entries.set(normalizeMember(name), { name, offset: dataOffset, size });
      }
      longName = null;
      pax = new Map();
    }
    offset = next;
  }
  return entries;
}
