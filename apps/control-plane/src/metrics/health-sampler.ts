import { parsePrometheusText } from '@switchyard/contracts';
import type { Db } from '../db/client.js';
import type { AgentHub } from '../hub/agent-hub.js';
import type { ControlPlaneMetrics } from './control-plane-metrics.js';
import {
  clusterPoint,
  nodePoint,
  type HealthPoint,
  type NodeHealthPoint,
  type Scrape,
} from './health-series.js';

export interface HealthSeries {
  intervalMs: number;
  points: HealthPoint[];
}

/**
 * The cluster's key series for the dashboard's Health page: every few seconds, the control plane's
 * own metrics and each connected agent's (relayed over its channel) become one point; the last ten
 * minutes are kept in memory. A slow or failing agent leaves only its own figures out of that point.
 */
export class HealthSampler {
  private readonly points: HealthPoint[] = [];
  private previous: Scrape | undefined;
  private readonly previousByNode = new Map<string, Scrape>();
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> | undefined;

  constructor(
    private readonly deps: {
      db: Db;
      agentHub: Pick<AgentHub, 'metrics' | 'isConnected'>;
      metrics: ControlPlaneMetrics;
      /** The clock points are stamped with (tests step it). */
      now?: () => number;
    },
    readonly intervalMs = 5_000,
    private readonly keep = 120,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    this.timer.unref();
    void this.sample();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sampling;
  }

  series(): HealthSeries {
    return { intervalMs: this.intervalMs, points: [...this.points] };
  }

  /** Takes one point now (a sample already under way is waited for instead). */
  sample(): Promise<void> {
    this.sampling ??= this.takePoint()
      .catch((error: unknown) => console.error('health sampler:', error))
      .finally(() => {
        this.sampling = undefined;
      });
    return this.sampling;
  }

  private async takePoint(): Promise<void> {
    const nodes = await this.deps.db.node.findMany({
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
    });
    const connected = nodes.filter((node) => this.deps.agentHub.isConnected(node.id));
    const relayed = await Promise.all(
      connected.map(async (node): Promise<NodeHealthPoint | undefined> => {
        const reply = await this.deps.agentHub.metrics(node.id, 2_000).catch(() => null);
        if (reply === null || !reply.ok) return undefined;
        let samples;
        try {
          samples = parsePrometheusText(reply.text);
        } catch {
          return undefined;
        }
        const now: Scrape = { at: (this.deps.now ?? Date.now)(), samples };
        const point = nodePoint(node.name, this.previousByNode.get(node.name), now);
        this.previousByNode.set(node.name, now);
        return point;
      }),
    );
    for (const name of [...this.previousByNode.keys()]) {
      if (!connected.some((node) => node.name === name)) this.previousByNode.delete(name);
    }
    const now: Scrape = {
      at: (this.deps.now ?? Date.now)(),
      samples: parsePrometheusText(await this.deps.metrics.text()),
    };
    this.points.push(
      clusterPoint(
        this.previous,
        now,
        relayed.filter((point) => point !== undefined),
      ),
    );
    this.previous = now;
    if (this.points.length > this.keep) this.points.splice(0, this.points.length - this.keep);
  }
}
