import { describe, expect, it } from 'vitest';
import { downReason } from './liveness.js';

const startedAt = Date.parse('2026-01-01T12:00:00Z');
const timing = { downAfterMs: 8_000, graceMs: 15_000, startedAt };
const at = (ms: number) => new Date(startedAt + ms);

describe('downReason', () => {
  it('leaves a node last heard from long before a start alone for the whole grace', () => {
    const lastHeard = at(-3_600_000);
    expect(downReason(lastHeard, timing, startedAt)).toBeNull();
    expect(downReason(lastHeard, timing, startedAt + 14_999)).toBeNull();
  });

  it('marks a node that missed the grace down when the grace ends, saying so', () => {
    expect(downReason(at(-60_000), timing, startedAt + 15_000)).toBe(
      'not back within the 15 s grace after the control plane started',
    );
    expect(downReason(null, timing, startedAt + 15_000)).toMatch(/grace/);
  });

  it('does not mark down a node that reconnected during the grace', () => {
    expect(downReason(at(10_000), timing, startedAt + 16_000)).toBeNull();
  });

  it('marks a node down after the silence once the grace is over', () => {
    expect(downReason(at(20_000), timing, startedAt + 27_999)).toBeNull();
    expect(downReason(at(20_000), timing, startedAt + 28_000)).toBe('no heartbeat for 8 s');
  });

  it('never marks down during the grace, even after a long silence that began after the start', () => {
    const long = { ...timing, graceMs: 60_000 };
    expect(downReason(at(1_000), long, startedAt + 30_000)).toBeNull();
    expect(downReason(at(1_000), long, startedAt + 60_000)).toBe('no heartbeat for 59 s');
  });

  it('with no grace, marks down by silence alone', () => {
    expect(downReason(at(-9_000), { ...timing, graceMs: 0 }, startedAt)).toMatch(/grace/);
    expect(downReason(at(-7_000), { ...timing, graceMs: 0 }, startedAt)).toBeNull();
  });
});
