import { ipv4Schema } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { encodeQuery } from '../test-support/resolver/dns-test-support.js';
import { AnswerCache, questionKey, replyTo } from './answer-cache.js';
import { Rcode, RecordType } from './dns-wire.js';
import { handleMessage } from './query-handling.js';
import { buildZone } from './zone.js';

describe('the answer cache', () => {
  it('keys a question by its bytes as sent, so each case is echoed back as asked', () => {
    const lower = questionKey(encodeQuery(1, 'web', RecordType.A));
    expect(lower).toBe(questionKey(encodeQuery(2, 'web', RecordType.A, 0)));
    expect(questionKey(encodeQuery(1, 'WEB', RecordType.A))).not.toBe(lower);
    expect(questionKey(encodeQuery(1, 'web', RecordType.AAAA))).not.toBe(lower);
  });

  it('leaves responses, other opcodes, several questions and malformed names to the slow path', () => {
    expect(questionKey(encodeQuery(1, 'web', RecordType.A, 0x8100))).toBeUndefined();
    expect(questionKey(encodeQuery(1, 'web', RecordType.A, 0x2100))).toBeUndefined();
    const twoQuestions = encodeQuery(1, 'web', RecordType.A);
    twoQuestions.writeUInt16BE(2, 4);
    expect(questionKey(twoQuestions)).toBeUndefined();
    expect(questionKey(encodeQuery(1, 'web', RecordType.A).subarray(0, 18))).toBeUndefined();
    const compressed = Buffer.concat([
      encodeQuery(1, 'web', RecordType.A).subarray(0, 12),
      Buffer.from([0xc0, 12, 0, 1, 0, 1]),
    ]);
    expect(questionKey(compressed)).toBeUndefined();
  });

  it('replays an answer byte for byte as the slow path writes it, with the asker’s id and RD bit', () => {
    const records = ['10.0.0.2', '10.0.0.3'].map((address) => ({
      name: 'tasks.web',
      address: ipv4Schema.parse(address),
    }));
    const zone = buildZone(records, []);
    const first = handleMessage(encodeQuery(7, 'Tasks.Web', RecordType.A), zone);
    if (first.kind !== 'reply') throw new Error('expected a reply');
    for (const flags of [0x0100, 0x0000]) {
      const query = encodeQuery(0xbeef, 'Tasks.Web', RecordType.A, flags);
      const slow = handleMessage(query, zone);
      expect(slow.kind === 'reply' && replyTo(query, first.message)).toEqual(
        slow.kind === 'reply' && slow.message,
      );
    }
  });

  it('empties itself rather than growing past its bound', () => {
    const cache = new AnswerCache(2);
    cache.set('a', { kind: 'forward' });
    cache.set('b', { kind: 'forward' });
    cache.set('c', { kind: 'reply', message: Buffer.from([Rcode.NoError]) });
    expect([cache.get('a'), cache.get('b'), cache.get('c')?.kind]).toEqual([undefined, undefined, 'reply']);
  });
});
