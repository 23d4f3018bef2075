/** A node as the gate needs it: whether it is ready, and the newest desired revision it applied. */
export interface NodeAck {
  ready: boolean;
  observedRevision: number;
}

interface Group {
  sandboxes: string[];
  /** Each node that must apply at least this revision, one that no longer names the sandboxes. */
  waits: Map<string, number>;
  /** When the last of those nodes applied it; undefined while some still have not. */
  releasedAt: number | undefined;
}

/**
 * Holds a stopping task's sandbox until every node that named it applied a document that does not
 * (its DNS and VIP backends have let go of it), so nothing sends it a new connection once it stops.
 * Tasks are held in groups, one per push: an acknowledgement costs one look at each group still
 * waiting (a few, while a scale goes on), never tasks × nodes. A node that is down holds nothing up. Kept in memory: after
 * a control-plane restart the caller's timeout releases what was waiting.
 */
export class DrainGate {
  private readonly groups: Group[] = [];
  private readonly nodes = new Map<string, NodeAck>();

  /** `onReleased`: some sandboxes were just released (the reconciler then stops them). */
  constructor(
    private readonly onReleased: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Sandboxes now draining, and the revisions the push that let go of them sent to each node. */
  hold(sandboxes: readonly string[], sent: ReadonlyMap<string, number>): void {
    if (sandboxes.length === 0) return;
    const group: Group = { sandboxes: [...sandboxes], waits: new Map(sent), releasedAt: undefined };
    this.groups.push(group);
    if (this.settle(group)) this.onReleased();
  }

  /** A node's report or state changed (its applied revision, or it went down). */
  node(nodeId: string, ack: NodeAck | undefined): void {
    if (ack === undefined) this.nodes.delete(nodeId);
    else this.nodes.set(nodeId, ack);
    let released = false;
    for (const group of this.groups) {
      if (group.releasedAt === undefined && group.waits.has(nodeId))
        released = this.settle(group) || released;
    }
    if (released) this.onReleased();
  }

  /**
   * The sandboxes every node has let go of at least `lingerMs` ago, forgotten once returned; `lingerMs`
   * covers an answer given just before a node applied its document.
   */
  take(lingerMs: number): { released: Set<string>; nextInMs: number | undefined } {
    const now = this.now();
    const released = new Set<string>();
    let nextInMs: number | undefined;
    for (let i = this.groups.length - 1; i >= 0; i--) {
      const group = this.groups[i];
      if (group?.releasedAt === undefined) continue;
      const wait = group.releasedAt + lingerMs - now;
      if (wait > 0) {
        nextInMs = Math.min(nextInMs ?? wait, wait);
        continue;
      }
      for (const sandbox of group.sandboxes) released.add(sandbox);
      this.groups.splice(i, 1);
    }
    return { released, nextInMs };
  }

  /** Forgets sandboxes stopped another way (their drain timed out). */
  forget(sandboxes: ReadonlySet<string>): void {
    for (let i = this.groups.length - 1; i >= 0; i--) {
      const group = this.groups[i];
      if (group === undefined) continue;
      group.sandboxes = group.sandboxes.filter((sandbox) => !sandboxes.has(sandbox));
      if (group.sandboxes.length === 0) this.groups.splice(i, 1);
    }
  }

  /** Whether every node the group waits on applied its revision or no longer counts; marks it released. */
  private settle(group: Group): boolean {
    for (const [nodeId, revision] of group.waits) {
      // A node not heard of since this control plane started holds on until the timeout.
      const ack = this.nodes.get(nodeId);
      if (ack !== undefined && (!ack.ready || ack.observedRevision >= revision)) group.waits.delete(nodeId);
    }
    if (group.waits.size > 0) return false;
    group.releasedAt = this.now();
    return true;
  }
}
