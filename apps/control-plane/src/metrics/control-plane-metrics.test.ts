import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '@switchyard/contracts';
import type { Db } from '../db/client.js';
import { ControlPlaneMetrics } from './control-plane-metrics.js';

// The store, as far as the scrape-time gauges read it.
const db = {
  node: {
    findMany: () => Promise.resolve([{ id: 'a' }, { id: 'b' }]),
    groupBy: () => Promise.resolve([{ status: 'ready', _count: { _all: 2 } }]),
  },
  task: { groupBy: () => Promise.resolve([{ state: 'running', _count: { _all: 3 } }]) },
} as unknown as Db;

describe('ControlPlaneMetrics', () => {
  it('serves passes, pushes, requests, agents, nodes and tasks as valid Prometheus text', async () => {
    const metrics = new ControlPlaneMetrics(db, (nodeId) => nodeId === 'a');
    metrics.reconcilePass(0.01);
    metrics.pushed('a', 3);
    metrics.reported('a', 3);
    metrics.request('trpc', 200);
    metrics.request('engine', 404);
    const samples = parsePrometheusText(await metrics.text());
    const find = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        ?.value;
    expect(find('switchyard_reconcile_pass_seconds_count')).toBe(1);
    expect(find('switchyard_push_apply_seconds_count')).toBe(1);
    expect(find('switchyard_requests_total', { interface: 'engine', code: '404' })).toBe(1);
    expect(find('switchyard_agents_connected')).toBe(1);
    expect(find('switchyard_nodes', { status: 'ready' })).toBe(2);
    expect(find('switchyard_tasks', { state: 'running' })).toBe(3);
  });
});
