import { describe, expect, it } from 'vitest';
import { AnswerCounts, dnsAnswerBuckets } from './answer-counts.js';

describe('AnswerCounts', () => {
  it('counts each answer in every bucket it fits, by kind, with the sum and count', () => {
    const counts = new AnswerCounts();
    expect(counts.snapshot().local).toEqual({ buckets: dnsAnswerBuckets.map(() => 0), sum: 0, count: 0 });
    counts.observe('local', 0.0003);
    counts.observe('local', 0.0001);
    counts.observe('forward', 3);
    const { local, forward } = counts.snapshot();
    expect(local.buckets.slice(0, 3)).toEqual([1, 1, 2]);
    expect(local.buckets.at(-1)).toBe(2);
    expect(local.count).toBe(2);
    expect(local.sum).toBeCloseTo(0.0004, 10);
    // Slower than the last bound: only in +Inf, which is the count.
    expect(forward).toEqual({ buckets: dnsAnswerBuckets.map(() => 0), sum: 3, count: 1 });
  });

  it('hands out copies: a snapshot does not move with later answers', () => {
    const counts = new AnswerCounts();
    const before = counts.snapshot();
    counts.observe('local', 0.001);
    expect(before.local.count).toBe(0);
    expect(counts.snapshot().local.count).toBe(1);
  });
});
