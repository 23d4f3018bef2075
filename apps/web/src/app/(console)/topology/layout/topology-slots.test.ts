import { describe, expect, it } from 'vitest';
import { assignSlots, rowsFor } from './topology-slots';

describe('assignSlots', () => {
  it('numbers new keys in the order given', () => {
    expect([...assignSlots(undefined, ['a', 'b', 'c'])]).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
  });

  it('keeps every remaining key where it was and puts new ones in the gaps first', () => {
    const first = assignSlots(undefined, ['a', 'b', 'c', 'd']);
    const next = assignSlots(first, ['a', 'c', 'd', 'e', 'f']);
    expect(Object.fromEntries(next)).toEqual({ a: 0, c: 2, d: 3, e: 1, f: 4 });
  });

  it('does not move anything when a key is added', () => {
    const first = assignSlots(undefined, ['x', 'y']);
    const next = assignSlots(first, ['new', 'x', 'y']);
    expect(next.get('x')).toBe(0);
    expect(next.get('y')).toBe(1);
    expect(next.get('new')).toBe(2);
  });
});

describe('rowsFor', () => {
  it('counts the rows up to the highest slot', () => {
    expect(rowsFor(new Map(), 3)).toBe(0);
    expect(rowsFor(new Map([['a', 2]]), 3)).toBe(1);
    expect(rowsFor(new Map([['a', 3]]), 3)).toBe(2);
  });
});
