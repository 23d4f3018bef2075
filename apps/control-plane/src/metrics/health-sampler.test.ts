import { describe, expect, it } from 'vitest';
import type { Db } from '../db/client.js';
import type { ControlPlaneMetrics } from './control-plane-metrics.js';
import { HealthSampler } from './health-sampler.js';

const agentText = (queries: number) =>
  [
    '# TYPE switchyard_agent_dns_query_seconds histogram',
    `switchyard_agent_dns_query_seconds_count{kind="local"} ${queries}`,
    'switchyard_agent_tasks{state="running"} 2',
  ].join('\n');

describe('HealthSampler', () => {
  it('makes a point of the control plane and each connected agent, and keeps the last ones', async () => {
    let queries = 0;
    let clock = 0;
    const sampler = new HealthSampler(
      {
        db: {
          node: {
            findMany: () =>
              Promise.resolve([
                { id: 'a', name: 'h1' },
                { id: 'b', name: 'h2' },
              ]),
          },
        } as unknown as Db,
        agentHub: {
          isConnected: (id: string) => id === 'a',
          metrics: () => Promise.resolve({ ok: true as const, text: agentText((queries += 50)) }),
        },
        metrics: {
          text: () => Promise.resolve('switchyard_agents_connected 1\nswitchyard_tasks{state="running"} 3\n'),
        } as unknown as ControlPlaneMetrics,
        now: () => (clock += 2_500),
      },
      5_000,
      2,
    );
    for (let sample = 0; sample < 3; sample += 1) await sampler.sample();
    const { points } = sampler.series();
    expect(points).toHaveLength(2);
    expect(points[1]).toMatchObject({ agentsConnected: 1, tasks: { running: 3 } });
    expect(points[1]?.nodes.map((node) => [node.node, node.tasks])).toEqual([['h1', { running: 2 }]]);
    expect(points[1]?.nodes[0]?.dnsQueriesPerSecond).toBeGreaterThan(0);
  });
});
