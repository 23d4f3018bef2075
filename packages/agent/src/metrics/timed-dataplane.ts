import type { Dataplane } from '../osl/dataplane.js';
import { secondsSince, type AgentMetrics } from './agent-metrics.js';

/** The same dataplane, with each nftables apply timed into the agent's metrics. */
export function timedDataplane(dataplane: Dataplane, metrics: AgentMetrics): Dataplane {
  return {
    ...dataplane,
    async applyTable(table, body) {
      const started = performance.now();
      try {
        return await dataplane.applyTable(table, body);
      } finally {
        metrics.nftApply('table', secondsSince(started));
      }
    },
    async nftScripts(scripts) {
      const started = performance.now();
      try {
        return await dataplane.nftScripts(scripts);
      } finally {
        metrics.nftApply('scripts', secondsSince(started));
      }
    },
  };
}
