import type { ObservedImage } from '@switchyard/contracts';
import type { Db } from '../db/client.js';
import type { LiveBus } from '../events/live-bus.js';

/**
 * Each node's images as its agent last reported them, kept on the node's row. A change is told
 * on the bus: placement may now find a host, and `docker load` may stop waiting.
 */
export class ObservedImageStore {
  private readonly stored = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly bus: LiveBus,
  ) {}

  async record(nodeId: string, images: ObservedImage[] | undefined): Promise<void> {
    // A node without a container runtime reports none: it holds nothing.
    const text = JSON.stringify([...(images ?? [])].sort((a, b) => a.id.localeCompare(b.id)));
    if (this.stored.get(nodeId) === text) return;
    const updated = await this.db.node.updateMany({
      where: { id: nodeId, NOT: { images: text } },
      data: { images: text },
    });
    this.stored.set(nodeId, text);
    if (updated.count > 0) this.bus.emit('inventory.changed', { kind: 'image', id: nodeId });
  }
}
