import { describe, expect, it } from 'vitest';
import { unseenLines } from './log-follow.js';

const line = (at: string, text: string) => ({ at, stream: 'stdout', text });

describe('unseenLines', () => {
  it('passes everything on the first read, then only what came after', () => {
    const first = [line('2026-11-29T00:00:01.000Z', 'a'), line('2026-11-29T00:00:02.000Z', 'b')];
    expect(unseenLines(first, null)).toEqual(first);
    const last = {
      at: '2026-11-29T00:00:02.000Z',
      keys: new Set(['2026-11-29T00:00:02.000Z\u0000stdout\u0000b']),
    };
    const next = [...first, line('2026-11-29T00:00:02.000Z', 'c'), line('2026-11-29T00:00:03.000Z', 'd')];
    expect(unseenLines(next, last).map((l) => l.text)).toEqual(['c', 'd']);
  });
});
