import { describe, expect, it } from 'vitest';
import { DrainGate } from './drain-gate.js';

function gate() {
  let now = 1_000;
  let released = 0;
  const drains = new DrainGate(
    () => (released += 1),
    () => now,
  );
  return {
    drains,
    advance: (ms: number) => (now += ms),
    released: () => released,
  };
}

const ready = (observedRevision: number) => ({ ready: true, observedRevision });

describe('DrainGate', () => {
  it('holds a stopping sandbox until every node applied the revision that dropped it, then the linger', () => {
    const { drains, advance, released } = gate();
    drains.node('n1', ready(4));
    drains.node('n2', ready(7));
    drains.hold(
      ['sb1'],
      new Map([
        ['n1', 5],
        ['n2', 8],
      ]),
    );
    expect(drains.take(500).released).toEqual(new Set());

    drains.node('n1', ready(5));
    expect(released()).toBe(0);
    drains.node('n2', ready(9));
    expect(released()).toBe(1);
    // An answer given just before n2 applied its document may still be on its way.
    expect(drains.take(500)).toEqual({ released: new Set(), nextInMs: 500 });
    advance(500);
    expect(drains.take(500).released).toEqual(new Set(['sb1']));
    expect(drains.take(500).released).toEqual(new Set());
  });

  it('lets a node that is down hold nothing up, and one never heard of hold on', () => {
    const { drains, advance } = gate();
    drains.node('n1', ready(1));
    drains.hold(['sb1'], new Map([['n1', 2]]));
    drains.hold(['sb2'], new Map([['n3', 2]]));
    drains.node('n1', { ready: false, observedRevision: 1 });
    advance(10);
    expect(drains.take(0).released).toEqual(new Set(['sb1']));
    drains.forget(new Set(['sb2']));
    drains.node('n3', ready(2));
    expect(drains.take(0).released).toEqual(new Set());
  });

  it('releases at once what every node had already applied', () => {
    const { drains, released } = gate();
    drains.node('n1', ready(3));
    drains.hold(['sb1', 'sb2'], new Map([['n1', 3]]));
    expect(released()).toBe(1);
    expect(drains.take(0).released).toEqual(new Set(['sb1', 'sb2']));
  });
});
