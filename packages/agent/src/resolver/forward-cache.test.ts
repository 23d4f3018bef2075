import { describe, expect, it } from 'vitest';
import { decodeAnswers, encodeQuery } from '../test-support/resolver/dns-test-support.js';
import { decodeQuery, encodeName, encodeResponse, Rcode, RecordType } from './dns-wire.js';
import { cacheLifetime, ForwardCache } from './forward-cache.js';

function upstreamReply(query: Buffer, ttl: number, rcode: Rcode = Rcode.NoError): Buffer {
  const answers =
    rcode === Rcode.NoError
      ? [{ name: 'ext.test', ttl, type: RecordType.A, address: '192.0.2.1' } as const]
      : [];
  return encodeResponse(decodeQuery(query), rcode, answers);
}

/** An NXDOMAIN with an SOA in its authority section: TTL `ttl`, MINIMUM `minimum`. */
function negativeReply(query: Buffer, ttl: number, minimum: number): Buffer {
  const reply = encodeResponse(decodeQuery(query), Rcode.NxDomain);
  reply.writeUInt16BE(1, 8);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(6, 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt32BE(ttl, 4);
  const rdata = Buffer.concat([encodeName('ns.test'), encodeName('admin.test'), Buffer.alloc(20)]);
  rdata.writeUInt32BE(minimum, rdata.length - 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([reply, encodeName('test'), fixed, rdata]);
}

describe('the cache of upstream answers', () => {
  it('keeps an answer for its smallest TTL, counting TTLs down, with each asker’s id', () => {
    let now = 0;
    const cache = new ForwardCache(16, () => now);
    const query = encodeQuery(1, 'ext.test', RecordType.A);
    cache.store(query, upstreamReply(query, 30));
    now = 10_500;
    const hit = cache.get(encodeQuery(0x1234, 'ext.test', RecordType.A));
    expect(hit && decodeAnswers(hit)).toEqual({ id: 0x1234, rcode: 0, answers: ['192.0.2.1'] });
    expect(hit?.readUInt32BE(hit.length - 10)).toBe(20);
    now = 30_000;
    expect(cache.get(query)).toBeUndefined();
  });

  it('asks again for another question or other flags, and never keeps what must not be kept', () => {
    const cache = new ForwardCache(16, () => 0);
    const query = encodeQuery(1, 'ext.test', RecordType.A);
    cache.store(query, upstreamReply(query, 30));
    expect(cache.get(encodeQuery(1, 'ext.test', RecordType.AAAA))).toBeUndefined();
    expect(cache.get(encodeQuery(1, 'ext.test', RecordType.A, 0))).toBeUndefined();
    const truncated = upstreamReply(query, 30);
    truncated[2] = (truncated[2] ?? 0) | 0x02;
    for (const reply of [
      upstreamReply(query, 0),
      upstreamReply(query, 30, Rcode.ServFail),
      upstreamReply(query, 30, Rcode.NxDomain), // no SOA: nothing says for how long
      truncated,
      upstreamReply(query, 30).subarray(0, 40),
    ])
      expect(cacheLifetime(reply)).toBeUndefined();
  });

  it('keeps NXDOMAIN no longer than its SOA’s MINIMUM (RFC 2308)', () => {
    const query = encodeQuery(1, 'nowhere.test', RecordType.A);
    expect(cacheLifetime(negativeReply(query, 3600, 60))?.seconds).toBe(60);
    expect(cacheLifetime(negativeReply(query, 30, 60))?.seconds).toBe(30);
  });
});
