import { describe, expect, it } from 'vitest';
import { PushLatency } from './push-latency.js';

describe('PushLatency', () => {
  it('times from the first unanswered push to the report of that revision or a newer one', () => {
    const latency = new PushLatency();
    latency.sent('n1', 5, 1_000);
    latency.sent('n1', 6, 1_100);
    expect(latency.applied('n1', 4, 1_150)).toBeUndefined();
    expect(latency.applied('n1', 6, 1_250)).toBeCloseTo(0.25);
    expect(latency.applied('n1', 6, 1_300)).toBeUndefined();
  });

  it('forgets a node that disconnected', () => {
    const latency = new PushLatency();
    latency.sent('n1', 1, 0);
    latency.forget('n1');
    expect(latency.applied('n1', 1, 10)).toBeUndefined();
  });
});
