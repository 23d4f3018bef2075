import { describe, expect, it } from 'vitest';
import type { PrometheusSample } from '@switchyard/contracts';
import { clusterPoint, nodePoint, quantileBetween, ratePerSecond, type Scrape } from './health-series.js';

const buckets = (name: string, counts: [string, number][]): PrometheusSample[] =>
  counts.map(([le, value]) => ({ name: `${name}_bucket`, labels: { le }, value }));
const scrape = (at: number, samples: PrometheusSample[]): Scrape => ({ at, samples });

describe('quantileBetween', () => {
  const h = 'pass_seconds';
  it('interpolates within the bucket that holds the rank, over the interval only', () => {
    const before = scrape(
      0,
      buckets(h, [
        ['0.1', 10],
        ['1', 10],
        ['+Inf', 10],
      ]),
    );
    // 20 new passes: 10 under 0.1 s, 10 between 0.1 and 1 s.
    const now = scrape(
      5_000,
      buckets(h, [
        ['0.1', 20],
        ['1', 30],
        ['+Inf', 30],
      ]),
    );
    expect(quantileBetween(0.5, before, now, h)).toBeCloseTo(0.1);
    expect(quantileBetween(0.95, before, now, h)).toBeCloseTo(0.1 + 0.9 * 0.9);
  });

  it('is null with nothing observed, and counts from zero after a reset', () => {
    const before = scrape(
      0,
      buckets(h, [
        ['0.1', 5],
        ['+Inf', 5],
      ]),
    );
    expect(quantileBetween(0.95, before, before, h)).toBeNull();
    const restarted = scrape(
      5_000,
      buckets(h, [
        ['0.1', 2],
        ['+Inf', 2],
      ]),
    );
    expect(quantileBetween(0.5, before, restarted, h)).toBeCloseTo(0.05);
  });

  it('answers the last finite bound for observations beyond it', () => {
    const now = scrape(
      0,
      buckets(h, [
        ['1', 0],
        ['+Inf', 4],
      ]),
    );
    expect(quantileBetween(0.95, undefined, now, h)).toBe(1);
  });
});

describe('ratePerSecond', () => {
  const counter = (at: number, value: number) => scrape(at, [{ name: 'q_total', labels: {}, value }]);
  it('divides the increase by the seconds between scrapes; a reset counts from zero', () => {
    expect(ratePerSecond(counter(0, 10), counter(5_000, 60), 'q_total')).toBe(10);
    expect(ratePerSecond(counter(0, 100), counter(5_000, 20), 'q_total')).toBe(4);
    expect(ratePerSecond(undefined, counter(5_000, 20), 'q_total')).toBe(0);
  });
});

describe('points', () => {
  it('make a node point and a cluster point from scrapes', () => {
    const before = scrape(0, [
      { name: 'switchyard_agent_dns_query_seconds_count', labels: { kind: 'local' }, value: 10 },
      { name: 'switchyard_agent_proxy_requests_total', labels: { code: '2xx' }, value: 0 },
    ]);
    const now = scrape(2_000, [
      { name: 'switchyard_agent_dns_query_seconds_count', labels: { kind: 'local' }, value: 30 },
      { name: 'switchyard_agent_proxy_requests_total', labels: { code: '2xx' }, value: 8 },
      { name: 'switchyard_agent_tasks', labels: { state: 'running' }, value: 2 },
    ]);
    const node = nodePoint('h1', before, now);
    expect(node).toEqual({
      node: 'h1',
      reconcileP95Ms: null,
      dnsQueriesPerSecond: 10,
      proxyRequestsPerSecond: { '2xx': 4 },
      tasks: { running: 2 },
    });
    const cluster = clusterPoint(
      undefined,
      scrape(2_000, [
        { name: 'switchyard_agents_connected', labels: {}, value: 3 },
        { name: 'switchyard_tasks', labels: { state: 'running' }, value: 5 },
      ]),
      [node],
    );
    expect(cluster).toMatchObject({ agentsConnected: 3, tasks: { running: 5 }, nodes: [node] });
  });
});
