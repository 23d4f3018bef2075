import { describe, expect, it } from 'vitest';
import { parsePrometheusText, type ObservedSandbox } from '@switchyard/contracts';
import { AnswerCounts } from '../resolver/answer-counts.js';
import { AgentMetrics, countStates, sumStatuses, type AgentMetricSources } from './agent-metrics.js';

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
const sample = (text: string, name: string, labels: Record<string, string> = {}) =>
  parsePrometheusText(text).find(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )?.value;
const noRoutes: Omit<AgentMetricSources, 'dnsAnswers'> = {
  routeCounters: () => Promise.resolve([]),
  sandboxes: () => [],
};

describe('AgentMetrics', () => {
  it('exposes passes, DNS, nft, proxy requests and tasks as valid Prometheus text', async () => {
    const answers = new AnswerCounts();
    answers.observe('local', 0.0003);
    const metrics = new AgentMetrics('sy-host1', {
      routeCounters: () =>
        Promise.resolve([
          { routeId: 'a', requests: 5, status: counts(4, 1), avgResponseMs: 2 },
          { routeId: 'b', requests: 3, status: counts(3, 0), avgResponseMs: null },
        ]),
      sandboxes: () => [sandbox('1', 'running'), sandbox('2', 'running'), sandbox('3', 'exited')],
      dnsAnswers: () => Promise.resolve(answers.snapshot()),
    });

    metrics.pass('quick', 0.02);
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

  it("publishes the resolver process's DNS answers as they stand at each scrape, a histogram by kind", async () => {
    const answers = new AnswerCounts();
    const metrics = new AgentMetrics('sy-host1', {
      ...noRoutes,
      dnsAnswers: () => Promise.resolve(answers.snapshot()),
    });
    for (const seconds of [0.0002, 0.0004, 0.003]) answers.observe('local', seconds);
    answers.observe('forward', 4);
    const first = await metrics.text();
    expect(first).toContain('# TYPE switchyard_agent_dns_query_seconds histogram');
    const dns = (text: string, suffix: string, labels: Record<string, string>) =>
      sample(text, `switchyard_agent_dns_query_seconds_${suffix}`, { node: 'sy-host1', ...labels });
    expect(dns(first, 'bucket', { kind: 'local', le: '0.00025' })).toBe(1);
    expect(dns(first, 'bucket', { kind: 'local', le: '0.0005' })).toBe(2);
    expect(dns(first, 'bucket', { kind: 'local', le: '+Inf' })).toBe(3);
    expect(dns(first, 'count', { kind: 'local' })).toBe(3);
    expect(dns(first, 'sum', { kind: 'local' })).toBeCloseTo(0.0036, 10);
    expect(dns(first, 'bucket', { kind: 'forward', le: '2.5' })).toBe(0);
    expect(dns(first, 'count', { kind: 'forward' })).toBe(1);

    // The resolver's counts are the totals: a second scrape shows them, not them added again.
    answers.observe('local', 0.0001);
    expect(dns(await metrics.text(), 'count', { kind: 'local' })).toBe(4);
  });

  it('leaves the DNS series empty, and serves the rest, while the resolver process does not answer', async () => {
    const metrics = new AgentMetrics('sy-host1', {
      ...noRoutes,
      dnsAnswers: () => Promise.reject(new Error('the resolver process went away')),
    });
    metrics.pass('full', 0.1);
    const text = await metrics.text();
    expect(sample(text, 'switchyard_agent_dns_query_seconds_count')).toBeUndefined();
    expect(sample(text, 'switchyard_agent_reconcile_pass_seconds_count', { kind: 'full' })).toBe(1);
    const none = new AgentMetrics('sy-host1', { ...noRoutes, dnsAnswers: () => Promise.resolve(undefined) });
    expect(sample(await none.text(), 'switchyard_agent_dns_query_seconds_count')).toBeUndefined();
  });

  it('adds up statuses and states', () => {
    expect(sumStatuses([])).toEqual({});
    expect(countStates([sandbox('1', 'created')])).toEqual({ created: 1 });
  });
});
