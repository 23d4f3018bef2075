import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/client.js';
import { PushLatency } from './push-latency.js';

/** Where a request came in: the tRPC API, the Engine API, or the rest of the control plane's port. */
export type RequestInterface = 'trpc' | 'engine' | 'http';

const passBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const pushBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The control plane's metrics, in a registry of its own (tests run several control planes in one
 * process). Passes, pushes and requests are counted where they happen; tasks, nodes and agent
 * connections are read from the store when scraped (two small grouped queries).
 */
export class ControlPlaneMetrics {
  readonly registry = new Registry();
  private readonly passes: Histogram;
  private readonly pushes: Histogram;
  private readonly requests: Counter<'interface' | 'code'>;
  private readonly latency = new PushLatency();

  constructor(db: Db, isConnected: (nodeId: string) => boolean) {
    const registers = [this.registry];
    this.passes = new Histogram({
      name: 'switchyard_reconcile_pass_seconds',
      help: "The service reconciler's passes (plan, store, push) and how long each took.",
      buckets: passBuckets,
      registers,
    });
    this.pushes = new Histogram({
      name: 'switchyard_push_apply_seconds',
      help: "From a desired document pushed to an agent to the agent's report that it applied it.",
      buckets: pushBuckets,
      registers,
    });
    this.requests = new Counter({
      name: 'switchyard_requests_total',
      help: 'Requests answered, by interface (trpc, engine: the Docker Engine API, http) and status code.',
      labelNames: ['interface', 'code'],
      registers,
    });
    new Gauge({
      name: 'switchyard_agents_connected',
      help: 'Agents connected to this control plane now.',
      registers,
      async collect() {
        const nodes = await db.node.findMany({ select: { id: true } });
        this.set(nodes.filter((node) => isConnected(node.id)).length);
      },
    });
    new Gauge({
      name: 'switchyard_nodes',
      help: 'Nodes by status.',
      labelNames: ['status'],
      registers,
      async collect() {
        this.reset();
        const groups = await db.node.groupBy({ by: ['status'], _count: { _all: true } });
        for (const group of groups) this.set({ status: group.status }, group._count._all);
      },
    });
    new Gauge({
      name: 'switchyard_tasks',
      help: 'Service tasks that hold a sandbox, by state (history rows of ended tasks are not counted).',
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        const groups = await db.task.groupBy({
          by: ['state'],
          where: { sandboxId: { not: null } },
          _count: { _all: true },
        });
        for (const group of groups) this.set({ state: group.state }, group._count._all);
      },
    });
  }

  reconcilePass(seconds: number): void {
    this.passes.observe(seconds);
  }

  pushed(nodeId: string, revision: number): void {
    this.latency.sent(nodeId, revision, Date.now());
  }

  reported(nodeId: string, revision: number): void {
    const seconds = this.latency.applied(nodeId, revision, Date.now());
    if (seconds !== undefined) this.pushes.observe(seconds);
  }

  disconnected(nodeId: string): void {
    this.latency.forget(nodeId);
  }

  request(where: RequestInterface, status: number): void {
    this.requests.inc({ interface: where, code: String(status) });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
