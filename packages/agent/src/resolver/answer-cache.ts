/**
 * What a sandbox's zone made of each question it was asked, kept as finished wire bytes, so a
 * repeated question costs a map lookup and a copy instead of parsing, resolving and encoding (the
 * hot path under load). Entries are the slow path's own output: a hit is byte for byte what the
 * slow path would write, with the asker's id and RD bit. A zone is immutable, so the cache lives
 * exactly as long as the zone it was filled from: new records, new cache.
 */

/** A finished reply from the zone, or the zone's word that the question goes upstream. */
export type CachedHandling = { kind: 'reply'; message: Buffer } | { kind: 'forward' };

/** One object for every name that goes upstream. */
export const goesUpstream: CachedHandling = { kind: 'forward' };

const headerLength = 12;
/** A question name is at most 255 bytes; a bound on the walk, never reached by real queries. */
const maxQuestionEnd = headerLength + 255;

/**
 * The question's bytes as sent (name in its case, type, class) as the cache's key; undefined for
 * anything the cache does not serve, so the slow path decides: a response, an opcode other than
 * QUERY, not exactly one question, a compressed or malformed name.
 */
export function questionKey(message: Buffer): string | undefined {
  if (message.length < headerLength + 5) return undefined;
  // QR clear and opcode QUERY (0); RD, the only other bit an answer copies, is patched in on a hit.
  if (((message[2] ?? 0) & 0xf8) !== 0 || message[4] !== 0 || message[5] !== 1) return undefined;
  let offset = headerLength;
  for (;;) {
    const size = message[offset];
    if (size === undefined || size > 63 || offset > maxQuestionEnd) return undefined;
    offset += 1 + size;
    if (size === 0) break;
  }
  if (offset + 4 > message.length) return undefined;
  return message.toString('latin1', headerLength, offset + 4);
}

/** `cached` (a reply from the zone) sent to `query`: its id and its RD bit. */
export function replyTo(query: Uint8Array, cached: Buffer): Buffer {
  const reply = Buffer.allocUnsafe(cached.length);
  cached.copy(reply);
  reply[0] = query[0] ?? 0;
  reply[1] = query[1] ?? 0;
  reply[2] = ((cached[2] ?? 0) & 0xfe) | ((query[2] ?? 0) & 0x01);
  return reply;
}

/** Bounded: a flood of distinct names empties it rather than growing it. */
export class AnswerCache {
  private readonly entries = new Map<string, CachedHandling>();

  constructor(private readonly maxEntries = 1024) {}

  get(key: string): CachedHandling | undefined {
    return this.entries.get(key);
  }

  set(key: string, handling: CachedHandling): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, handling);
  }
}
