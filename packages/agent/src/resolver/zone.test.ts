import { ipv4Schema } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { encodeQuery, decodeAnswers } from '../test-support/resolver/dns-test-support.js';
import { RecordType } from './dns-wire.js';
import { handleMessage } from './query-handling.js';
import { buildZone, resolveQuestion, reverseName } from './zone.js';

const ip = (address: string) => ipv4Schema.parse(address);
const zone = buildZone(
  [
    { name: 'web', address: ip('172.18.0.2') },
    { name: 'web-alias', address: ip('172.18.0.2') },
    { name: 'db', address: ip('172.18.0.3') },
    { name: 'web', address: ip('172.19.0.2') },
  ],
  ['corp.example.'],
);
const question = (name: string, type: number) => ({ name, type, class: 1 });

describe('answers from a sandbox zone', () => {
  it('answers A records case-insensitively, bare and with the search domains', () => {
    for (const name of ['web', 'WEB', 'web.', 'web.corp.example', 'Web.Corp.Example.'])
      expect(resolveQuestion(zone, question(name, RecordType.A))).toMatchObject({
        kind: 'answer',
        rcode: 0,
        answers: [{ address: ip('172.18.0.2') }, { address: ip('172.19.0.2') }],
      });
  });

  it('answers other types of a known name with no records instead of forwarding them', () => {
    expect(resolveQuestion(zone, question('db', RecordType.AAAA))).toEqual({
      kind: 'answer',
      rcode: 0,
      answers: [],
    });
  });

  it('answers PTR with the first name of an address', () => {
    expect(reverseName('172.18.0.2')).toBe('2.0.18.172.in-addr.arpa');
    expect(resolveQuestion(zone, question('2.0.18.172.in-addr.arpa', RecordType.PTR))).toMatchObject({
      answers: [{ type: RecordType.PTR, target: 'web' }],
    });
  });

  it('forwards names it does not know, single-label ones included, and other classes', () => {
    expect(resolveQuestion(zone, question('example.com', RecordType.A))).toEqual({ kind: 'forward' });
    expect(resolveQuestion(zone, question('other', RecordType.A))).toEqual({ kind: 'forward' });
    expect(resolveQuestion(zone, question('9.9.9.9.in-addr.arpa', RecordType.PTR))).toEqual({
      kind: 'forward',
    });
    expect(resolveQuestion(zone, { name: 'web', type: RecordType.A, class: 3 })).toEqual({ kind: 'forward' });
  });
});

describe('handling a raw message', () => {
  it('replies to known names and hands the rest on', () => {
    const handled = handleMessage(encodeQuery(5, 'db', RecordType.A), zone);
    expect(handled.kind).toBe('reply');
    if (handled.kind === 'reply') expect(decodeAnswers(handled.message).answers).toEqual(['172.18.0.3']);
    expect(handleMessage(encodeQuery(6, 'example.com', RecordType.A), zone)).toMatchObject({
      kind: 'forward',
      query: { question: { name: 'example.com' } },
    });
  });

  it('drops responses and scraps, and answers bad queries with an error', () => {
    expect(handleMessage(Buffer.alloc(4), zone)).toEqual({ kind: 'drop' });
    expect(handleMessage(encodeQuery(1, 'db', RecordType.A, 0x8100), zone)).toEqual({ kind: 'drop' });
    const formErr = handleMessage(encodeQuery(1, 'db', RecordType.A).subarray(0, 16), zone);
    expect(formErr.kind === 'reply' && decodeAnswers(formErr.message).rcode).toBe(1);
    const notImp = handleMessage(encodeQuery(1, 'db', RecordType.A, 0x2100), zone); // opcode 4 (NOTIFY)
    expect(notImp.kind === 'reply' && decodeAnswers(notImp.message).rcode).toBe(4);
  });
});

describe('SRV records', () => {
  const srvZone = buildZone(
    [{ name: 'web', address: ip('10.0.9.2') }],
    ['corp.example'],
    [
      { name: '_80._tcp.web', target: 'web', port: 80 },
      { name: '_80._tcp.web', target: 'web.2.abc', port: 8080 },
    ],
  );

  it('answers `_port._proto.<service>` with 0 0 <port> <target>, bare and with search domains', () => {
    for (const name of ['_80._tcp.web', '_80._TCP.web.corp.example.']) {
      const handled = handleMessage(encodeQuery(3, name, RecordType.SRV), srvZone);
      expect(handled.kind === 'reply' && decodeAnswers(handled.message)).toEqual({
        id: 3,
        rcode: 0,
        answers: ['0 0 80 web', '0 0 8080 web.2.abc'],
      });
    }
  });

  it('answers other types of an SRV name with no records, and leaves A lookups as they were', () => {
    expect(resolveQuestion(srvZone, question('_80._tcp.web', RecordType.A))).toEqual({
      kind: 'answer',
      rcode: 0,
      answers: [],
    });
    expect(resolveQuestion(srvZone, question('web', RecordType.SRV))).toEqual({
      kind: 'answer',
      rcode: 0,
      answers: [],
    });
    expect(resolveQuestion(srvZone, question('_81._tcp.web', RecordType.SRV))).toEqual({ kind: 'forward' });
  });
});
