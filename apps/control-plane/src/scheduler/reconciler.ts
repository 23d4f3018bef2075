import type { NodeView } from '@switchyard/contracts';
import type { InventoryChange } from '../events/live-bus.js';
import type { InventoryDeps } from '../inventory/deps.js';
import { DrainGate } from './drain-gate.js';
import { reconcilePass } from './reconcile-pass.js';

/** How long after a container change the pass runs, so changes reported together share it. */
const reportSettleMs = 50;

/**
 * Drives every service's tasks toward its spec: reads the agents' reports into task states,
 * replaces ended tasks, follows scale, node and rolling-update changes, then pushes the affected
 * nodes their documents. Runs on a timer and whenever something it depends on changes; passes never
 * overlap, and a kick during a pass gets one more pass after it.
 */
export class ServiceReconciler {
  private current: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  /**
   * The one pass asked for later (a restart delay, an update delay, a drain) and when it is due:
   * every pass asks again, and only an earlier time replaces it.
   */
  private later: { timeout: NodeJS.Timeout; at: number } | null = null;
  private stopped = false;
  /** What placement sees of each node: an agent's report changes the node, not where tasks go. */
  private readonly placementFacts = new Map<string, string>();
  /** Stopping tasks' sandboxes, held until every node has let go of them. */
  private readonly drains = new DrainGate(() => this.kickIn(this.deps.config.taskDrainLingerMs + 10));
  private readonly onNode = (node: NodeView) => {
    this.drains.node(node.id, { ready: node.status === 'ready', observedRevision: node.observedRevision });
    const facts = JSON.stringify([
      node.status,
      node.availability,
      node.labels,
      node.capabilities,
      node.underlayAddress,
    ]);
    if (this.placementFacts.get(node.id) === facts) return;
    this.placementFacts.set(node.id, facts);
    void this.kick();
  };
  // Routes change no task: a route's announcement needs no pass. Agents' reports come in bursts
  // (every node answers a push): their changes are taken in one pass, shortly after the first.
  private readonly onInventory = (change: InventoryChange) => {
    if (change.kind === 'container') this.kickIn(reportSettleMs);
    else if (change.kind !== 'service' && change.kind !== 'route') void this.kick();
  };

  constructor(
    private readonly deps: InventoryDeps,
    /** Told how long each pass took (the metrics). */
    private readonly onPass: (seconds: number) => void = () => undefined,
  ) {}

  start(intervalMs = 1_000): void {
    this.timer = setInterval(() => void this.kick(), intervalMs);
    this.deps.bus.on('node.changed', this.onNode);
    this.deps.bus.on('inventory.changed', this.onInventory);
  }

  /** Stops passes; resolves once the one under way, if any, has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.later !== null) clearTimeout(this.later.timeout);
    this.later = null;
    this.deps.bus.off('node.changed', this.onNode);
    this.deps.bus.off('inventory.changed', this.onInventory);
    await this.current;
  }

  /** Resolves once a pass that started after this call has finished. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.current === null) {
      const started = performance.now();
      this.current = this.run()
        .catch((error: unknown) => console.error('service reconciler:', error))
        .finally(() => {
          this.onPass((performance.now() - started) / 1000);
          this.current = null;
        });
      return this.current;
    }
    this.next ??= this.current.then(() => {
      this.next = null;
      return this.kick();
    });
    return this.next;
  }

  private async run(): Promise<void> {
    // SQLite answers synchronously, so a pass never yields to the event loop by itself: agent
    // reports that arrived meanwhile are read first, and this pass sees what they say.
    await new Promise((resolve) => setImmediate(resolve));
    const drained = this.drains.take(this.deps.config.taskDrainLingerMs);
    const outcome = await this.deps.lock.run(() =>
      this.deps.db.$transaction((tx) => reconcilePass(tx, this.deps.config, drained.released)),
    );
    this.drains.forget(outcome.sandboxes);
    const sent = await this.deps.agentHub.pushMany(outcome.nodes);
    // Only now are the documents that no longer name them on their way: each node's ack counts.
    this.drains.hold(outcome.draining, sent);
    for (const id of outcome.services) this.deps.bus.emit('inventory.changed', { kind: 'service', id });
    for (const id of outcome.sandboxes) this.deps.bus.emit('inventory.changed', { kind: 'container', id });
    for (const id of outcome.routes) this.deps.bus.emit('inventory.changed', { kind: 'route', id });
    if (this.timer === null) return;
    if (outcome.ended) this.kickIn(this.deps.config.taskRestartDelayMs + 10);
    if (outcome.wakeIn !== undefined) this.kickIn(outcome.wakeIn + 10);
    if (drained.nextInMs !== undefined) this.kickIn(drained.nextInMs + 10);
  }

  private kickIn(ms: number): void {
    const at = Date.now() + ms;
    if (this.later !== null && this.later.at <= at) return;
    if (this.later !== null) clearTimeout(this.later.timeout);
    const timeout = setTimeout(() => {
      this.later = null;
      void this.kick();
    }, ms);
    timeout.unref();
    this.later = { timeout, at };
  }
}
