import { describe, expect, it } from 'vitest';
import type { RouteCounters } from '@switchyard/contracts';
import { RouteCounterStore } from './route-counters.js';

const counters = (routeId: string, requests: number, avgResponseMs: number | null): RouteCounters => ({
  routeId,
  requests,
  status: { '1xx': 0, '2xx': requests - 1, '3xx': 0, '4xx': 1, '5xx': 0 },
  avgResponseMs,
});

describe('RouteCounterStore', () => {
  it('sums the latest counters of each node, weighting response times by requests', () => {
    const store = new RouteCounterStore();
    store.record('n1', [counters('r1', 10, 2), counters('r2', 5, 1)]);
    store.record('n2', [counters('r1', 30, 6)]);
    // A later beat replaces the node's earlier one; a beat without counters leaves it.
    store.record('n1', [counters('r1', 20, 4)]);
    store.record('n2', undefined);
    expect(store.total('r1')).toEqual({
      requests: 50,
      status: { '1xx': 0, '2xx': 48, '3xx': 0, '4xx': 2, '5xx': 0 },
      avgResponseMs: (20 * 4 + 30 * 6) / 50,
    });
    expect(store.total('r2').requests).toBe(0);
    expect(store.total('r2').avgResponseMs).toBeNull();
  });
});
