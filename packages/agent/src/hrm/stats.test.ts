import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CounterBook, parseStats, type StatsSample, type WorkerCounters } from './stats.js';

const counts = (requests: number, ok = requests, responseMs = 4): WorkerCounters => ({
  requests,
  status: { '1xx': 0, '2xx': ok, '3xx': 0, '4xx': 0, '5xx': requests - ok },
  responseMs,
});
const sample = (worker: number, routes: Record<string, WorkerCounters>): StatsSample => ({
  worker,
  routes: new Map(Object.entries(routes)),
});

describe('stats', () => {
  it('reads each route backend from `show info;show stat`', async () => {
    const text = await readFile(new URL('./show-stat.sample.txt', import.meta.url), 'utf8');
    const { worker, routes } = parseStats(text);
    expect(worker).toBe(20213);
    expect([...routes.keys()].sort()).toEqual(
      ['apps', 'catch', 'deep', 'idle', 'old', 'shop', 'tls', 'tlswild', 'web'].sort(),
    );
    expect(routes.get('web')).toEqual({
      requests: 1,
      status: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 1 },
      responseMs: 0,
    });
    expect(routes.get('old')?.status['3xx']).toBe(1);
    expect(routes.get('tls')).toEqual({
      requests: 0,
      status: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
      responseMs: undefined,
    });
    expect(parseStats('')).toEqual({ worker: undefined, routes: new Map() });
  });

  it('keeps counting across reloads, while the old worker still answers, and after counters are cleared', () => {
    const book = new CounterBook();
    expect(book.add(sample(1, { web: counts(0) }))).toEqual([
      { routeId: 'web', requests: 0, status: counts(0).status, avgResponseMs: null },
    ]);
    book.add(sample(1, { web: counts(10, 9) }));
    // A reload: the new worker starts from 0, and the old one answers once more with its last count.
    book.add(sample(2, { web: counts(3, 3, 8) }));
    book.add(sample(1, { web: counts(12, 11) }));
    expect(book.add(sample(2, { web: counts(5, 5, 8) }))).toEqual([
      { routeId: 'web', requests: 17, status: { ...counts(17, 16).status }, avgResponseMs: 8 },
    ]);
    // Two reloads later the first worker is folded in; a new worker's mean is 0 until it answers.
    book.add(sample(3, { web: counts(0, 0, 0) }));
    expect(book.add(sample(4, { web: counts(2, 2, 0), api: counts(1) }))).toEqual([
      { routeId: 'web', requests: 19, status: counts(19, 18).status, avgResponseMs: 0 },
      { routeId: 'api', requests: 1, status: counts(1).status, avgResponseMs: 4 },
    ]);
    // Totals going down within one worker (`clear counters`) are kept too.
    expect(book.add(sample(4, { web: counts(1), api: counts(1) }))[0]?.requests).toBe(20);
  });

  it('forgets a route once no worker serves it, and everything on clear', () => {
    const book = new CounterBook();
    book.add(sample(1, { web: counts(5), gone: counts(2) }));
    book.add(sample(2, { web: counts(1) }));
    expect(book.counters().map((counters) => counters.routeId)).toEqual(['web']);
    book.add(sample(3, { web: counts(0), gone: counts(0) }));
    expect(book.counters().find((counters) => counters.routeId === 'gone')?.requests).toBe(0);
    book.clear();
    expect(book.counters()).toEqual([]);
  });
});
