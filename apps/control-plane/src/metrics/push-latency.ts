/**
 * From a document pushed to a node to the node's report that it applied that revision (or a newer
 * one): the latency an operator feels between a change and the kernel showing it. Only the oldest
 * unanswered push of each node is timed, so a burst of pushes measures from its first one.
 */
export class PushLatency {
  private readonly pending = new Map<string, { revision: number; at: number }>();

  sent(nodeId: string, revision: number, at: number): void {
    if (!this.pending.has(nodeId)) this.pending.set(nodeId, { revision, at });
  }

  /** Seconds since the push this report answers, or undefined when it answers none. */
  applied(nodeId: string, revision: number, at: number): number | undefined {
    const push = this.pending.get(nodeId);
    if (push === undefined || revision < push.revision) return undefined;
    this.pending.delete(nodeId);
    return Math.max(0, at - push.at) / 1000;
  }

  /** A node that went away answers nothing it was sent. */
  forget(nodeId: string): void {
    this.pending.delete(nodeId);
  }
}
