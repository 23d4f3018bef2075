import { describe, expect, it } from 'vitest';
import { illFormedTextPath } from './well-formed.js';

describe('text that is not Unicode', () => {
  it('finds a lone surrogate in a string or a key, and names where', () => {
    expect(illFormedTextPath('a\ud800b')).toBe('');
    expect(illFormedTextPath({ spec: { labels: { ok: 'x', bad: 'x\udfff' } } })).toBe('spec.labels.bad');
    expect(illFormedTextPath({ list: ['fine', { ['k\ud83d']: 1 }] })).toBe('list.1.k\ud83d');
  });

  it('passes paired surrogates (emoji), other text and non-strings', () => {
    expect(illFormedTextPath({ name: 'caf\u00e9 \ud83d\ude00', n: 1, b: true, z: null, a: [] })).toBeNull();
  });

  it('walks input nested 100,000 deep without overflowing the stack', () => {
    let deep: unknown = 'x\ud800';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(illFormedTextPath(deep)).toMatch(/^(0\.)+0$/);
  });
});
