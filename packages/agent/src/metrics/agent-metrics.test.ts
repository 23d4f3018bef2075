import { describe, expect, it } from 'vitest';
import { parsePrometheusText, type ObservedSandbox } from '@switchyard/contracts';
import { AgentMetrics, countStates, sumStatuses } from './agent-metrics.js';

const sandbox = (id: string, status: ObservedSandbox['status']): ObservedSandbox => ({
  id,
  status,
  pid: null,
  exitCode: null,
  startedAt: null,
  finishedAt: null,
  restartCount: 0,
  health: null,
});
const counts = (c2: number, c5: number) => ({ '1xx': 0, '2xx': c2, '3xx': 0, '4xx': 0, '5xx': c5 });

describe('AgentMetrics', () => {
  it('exposes passes, DNS, nft, proxy requests and tasks as valid Prometheus text', async () => {
    const metrics = new AgentMetrics('sy-host1', {
      routeCounters: () =>
        Promise.resolve([
          { routeId: 'a', requests: 5, status: counts(4, 1), avgResponseMs: 2 },
          { routeId: 'b', requests: 3, status: counts(3, 0), avgResponseMs: null },
        ]),
      sandboxes: () => [sandbox('1', 'running'), sandbox('2', 'running'), sandbox('3', 'exited')],
    });
    metrics.pass('quick', 0.02);
    metrics.dnsAnswer('local', 0.0003);
    metrics.nftApply('scripts', 0.004);
    const samples = parsePrometheusText(await metrics.text());
    const value = (name: string, labels: Record<string, string>) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        ?.value;
    expect(value('switchyard_agent_reconcile_pass_seconds_count', { kind: 'quick', node: 'sy-host1' })).toBe(
      1,
    );
    expect(value('switchyard_agent_dns_query_seconds_bucket', { kind: 'local', le: '0.0005' })).toBe(1);
    expect(value('switchyard_agent_nft_apply_seconds_count', { what: 'scripts' })).toBe(1);
    expect(value('switchyard_agent_proxy_requests_total', { code: '2xx' })).toBe(7);
    expect(value('switchyard_agent_proxy_requests_total', { code: '5xx' })).toBe(1);
    expect(value('switchyard_agent_tasks', { state: 'running' })).toBe(2);
    expect(value('switchyard_agent_tasks', { state: 'exited' })).toBe(1);
  });

  it('adds up statuses and states', () => {
    expect(sumStatuses([])).toEqual({});
    expect(countStates([sandbox('1', 'created')])).toEqual({ created: 1 });
  });
});
