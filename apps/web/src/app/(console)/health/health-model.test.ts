import { describe, expect, it } from 'vitest';
import { healthCharts, latest, type HealthPoint } from './health-model';
import { linePath } from './chart-path';

const point = (at: number, nodes: HealthPoint['nodes']): HealthPoint => ({
  at: new Date(at).toISOString(),
  agentsConnected: nodes.length,
  tasks: { running: 2 },
  reconcileP95Ms: 3,
  pushP95Ms: null,
  nodes,
});
const node = (name: string, dns: number, proxy: Record<string, number>) => ({
  node: name,
  reconcileP95Ms: dns > 0 ? 12 : null,
  dnsQueriesPerSecond: dns,
  proxyRequestsPerSecond: proxy,
  tasks: {},
});

describe('healthCharts', () => {
  it('makes a line per node and per status class, with gaps where a node was away', () => {
    const charts = healthCharts([
      point(0, [node('h1', 4, { '2xx': 1 })]),
      point(5_000, [node('h1', 6, { '2xx': 2, '5xx': 1 }), node('h2', 1, { '2xx': 3 })]),
    ]);
    const chart = (id: string) => charts.find((candidate) => candidate.id === id);
    expect(chart('dns')?.lines).toEqual([
      { name: 'h1', color: 'var(--accent)', values: [4, 6] },
      { name: 'h2', color: 'var(--ok)', values: [null, 1] },
    ]);
    expect(chart('proxy')?.lines.map((line) => [line.name, line.values])).toEqual([
      ['2xx', [1, 5]],
      ['5xx', [0, 1]],
    ]);
    expect(chart('agents')?.lines[0]?.values).toEqual([1, 2]);
    expect(latest(chart('push')?.lines[0] ?? { name: '', color: '', values: [] })).toBe('–');
  });
});

describe('linePath', () => {
  it('draws across the width and breaks where a value is missing', () => {
    expect(linePath([0, 10, null, 10], 10)).toBe('M0.0 88.0 L100.0 2.0 M300.0 2.0');
    expect(linePath([], 10)).toBe('');
  });
});
