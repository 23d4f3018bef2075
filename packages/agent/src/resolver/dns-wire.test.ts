import { describe, expect, it } from 'vitest';
import { decodeAnswers, encodeQuery } from '../test-support/resolver/dns-test-support.js';
import {
  decodeQuery,
  DnsFormatError,
  encodeHeaderOnlyError,
  encodeName,
  encodeResponse,
  Rcode,
  readName,
  RecordType,
  withId,
} from './dns-wire.js';

describe('DNS wire format', () => {
  it('reads a query as dig sends it', () => {
    const query = decodeQuery(encodeQuery(0x1234, 'Web.Example', RecordType.A));
    expect(query).toEqual({
      header: { id: 0x1234, flags: 0x0100, questionCount: 1 },
      question: { name: 'Web.Example', type: RecordType.A, class: 1 },
    });
  });

  it('follows compression pointers and refuses loops and truncation', () => {
    const message = Buffer.concat([
      Buffer.alloc(12),
      encodeName('example.com'),
      Buffer.from([3, 0x77, 0x77, 0x77, 0xc0, 12]),
    ]);
    expect(readName(message, 25)).toEqual({ name: 'www.example.com', next: 31 });
    const loop = Buffer.concat([Buffer.alloc(12), Buffer.from([0xc0, 12])]);
    expect(() => readName(loop, 12)).toThrow(DnsFormatError);
    expect(() => readName(Buffer.from([5, 0x61]), 0)).toThrow(DnsFormatError);
    expect(() => decodeQuery(Buffer.alloc(5))).toThrow(DnsFormatError);
  });

  it('writes A and PTR answers that point back to the question', () => {
    const query = decodeQuery(encodeQuery(7, 'web', RecordType.A));
    const response = encodeResponse(query, Rcode.NoError, [
      { name: 'web', ttl: 600, type: RecordType.A, address: '10.0.0.2' },
      { name: 'web', ttl: 600, type: RecordType.A, address: '10.0.0.3' },
    ]);
    expect(response.readUInt16BE(2)).toBe(0x8180); // QR, RD copied, RA, NOERROR
    expect(decodeAnswers(response)).toEqual({ id: 7, rcode: 0, answers: ['10.0.0.2', '10.0.0.3'] });
    const ptrQuery = decodeQuery(encodeQuery(8, '2.0.0.10.in-addr.arpa', RecordType.PTR));
    const ptr = encodeResponse(ptrQuery, Rcode.NoError, [
      { name: '2.0.0.10.in-addr.arpa', ttl: 600, type: RecordType.PTR, target: 'web' },
    ]);
    expect(decodeAnswers(ptr)).toEqual({ id: 8, rcode: 0, answers: ['web'] });
  });

  it('writes error answers, with or without the question', () => {
    const query = decodeQuery(encodeQuery(9, 'x.example', RecordType.A));
    expect(decodeAnswers(encodeResponse(query, Rcode.NxDomain))).toEqual({ id: 9, rcode: 3, answers: [] });
    const headerOnly = encodeHeaderOnlyError(encodeQuery(10, 'a', RecordType.A), Rcode.FormErr);
    expect(headerOnly?.length).toBe(12);
    expect(headerOnly?.readUInt16BE(2)).toBe(0x8181);
    expect(encodeHeaderOnlyError(Buffer.alloc(3), Rcode.FormErr)).toBeUndefined();
  });

  it('refuses names that cannot be written', () => {
    expect(() => encodeName(`${'a'.repeat(64)}.com`)).toThrow(DnsFormatError);
    expect(() => encodeName('a..b')).toThrow(DnsFormatError);
    expect(encodeName('.')).toEqual(Buffer.from([0]));
  });

  it('swaps ids without touching the original', () => {
    const original = encodeQuery(1, 'a', RecordType.A);
    expect(withId(original, 0xbeef).readUInt16BE(0)).toBe(0xbeef);
    expect(original.readUInt16BE(0)).toBe(1);
  });
});
