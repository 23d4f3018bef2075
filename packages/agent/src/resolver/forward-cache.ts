/**
 * Upstream answers kept for as long as their records may be (the smallest TTL in them; RFC 2308's
 * SOA bound for NXDOMAIN and NODATA), so a name asked again is answered without a round trip. Keyed
 * by the whole query as sent less its id: a client asking with other flags or EDNS options (a
 * cookie, DO) gets its own upstream answer. TTLs in a hit count down from when it was stored.
 */

const headerLength = 12;
const typeOpt = 41;
const typeSoa = 6;
/** RFC 2181 8: a TTL with the top bit set is read as zero. */
const maxTtl = 0x7fffffff;
/** Larger answers are rare and asked for rarely: they are not worth their memory in every sandbox. */
const maxKeptLength = 1232;

export interface Lifetime {
  seconds: number;
  /** Where each record's TTL sits in the message (not OPT's, which holds flags). */
  ttlOffsets: number[];
}

/** The offset just past the (possibly compressed) name at `offset`, or undefined if it runs off. */
function skipName(message: Buffer, offset: number): number | undefined {
  for (let position = offset; ;) {
    const size = message[position];
    if (size === undefined) return undefined;
    if ((size & 0xc0) === 0xc0) return position + 2;
    if ((size & 0xc0) !== 0) return undefined;
    position += 1 + size;
    if (size === 0) return position;
  }
}

/**
 * How long `reply` may be served again, or undefined when it must not be: truncated, an error
 * other than NXDOMAIN, nothing with a TTL in it (NODATA without an SOA), a TTL of zero, or malformed.
 */
export function cacheLifetime(reply: Buffer): Lifetime | undefined {
  if (reply.length < headerLength) return undefined;
  const flags = reply.readUInt16BE(2);
  const rcode = flags & 0xf;
  if ((flags & 0x8000) === 0 || (flags & 0x0200) !== 0 || (rcode !== 0 && rcode !== 3)) return undefined;
  const questions = reply.readUInt16BE(4);
  const answers = reply.readUInt16BE(6);
  const authority = reply.readUInt16BE(8);
  const records = answers + authority + reply.readUInt16BE(10);
  let offset: number | undefined = headerLength;
  for (let index = 0; index < questions; index++) {
    offset = skipName(reply, offset);
    if (offset === undefined) return undefined;
    offset += 4;
  }
  let seconds = Infinity;
  const ttlOffsets: number[] = [];
  for (let index = 0; index < records; index++) {
    offset = skipName(reply, offset);
    if (offset === undefined || offset + 10 > reply.length) return undefined;
    const type = reply.readUInt16BE(offset);
    const end = offset + 10 + reply.readUInt16BE(offset + 8);
    if (end > reply.length) return undefined;
    if (type !== typeOpt) {
      let ttl = reply.readUInt32BE(offset + 4);
      const inAuthority = index >= answers && index < answers + authority;
      // A negative answer lives no longer than its SOA's MINIMUM (the last field of its data).
      if (type === typeSoa && inAuthority && end - 4 > offset + 10)
        ttl = Math.min(ttl, reply.readUInt32BE(end - 4));
      seconds = Math.min(seconds, ttl > maxTtl ? 0 : ttl);
      ttlOffsets.push(offset + 4);
    }
    offset = end;
  }
  if (ttlOffsets.length === 0 || seconds === 0) return undefined;
  return { seconds, ttlOffsets };
}

interface Entry {
  reply: Buffer;
  lifetime: Lifetime;
  storedAt: number;
}

/** Bounded: a flood of distinct names empties it rather than growing it. */
export class ForwardCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries = 256,
    /** Milliseconds, monotonic. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The stored answer to `query`, with its id and TTLs aged; undefined when none or expired. */
  get(query: Buffer): Buffer | undefined {
    if (query.length < headerLength) return undefined;
    const key = query.toString('latin1', 2);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    const elapsed = Math.floor((this.now() - entry.storedAt) / 1000);
    if (elapsed >= entry.lifetime.seconds) {
      this.entries.delete(key);
      return undefined;
    }
    const reply = Buffer.allocUnsafe(entry.reply.length);
    entry.reply.copy(reply);
    reply[0] = query[0] ?? 0;
    reply[1] = query[1] ?? 0;
    if (elapsed > 0)
      for (const at of entry.lifetime.ttlOffsets)
        reply.writeUInt32BE(entry.reply.readUInt32BE(at) - elapsed, at);
    return reply;
  }

  /** Keeps `reply` (an upstream's answer to `query`) if it may be served again. */
  store(query: Buffer, reply: Buffer): void {
    if (query.length < headerLength || reply.length > maxKeptLength) return;
    const lifetime = cacheLifetime(reply);
    if (lifetime === undefined) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(query.toString('latin1', 2), {
      reply: Buffer.from(reply),
      lifetime,
      storedAt: this.now(),
    });
  }
}
