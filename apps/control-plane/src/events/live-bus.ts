import { EventEmitter } from 'node:events';
import type { NodeView, ObservedSandbox, SwitchyardEvent } from '@switchyard/contracts';

export interface InventoryChange {
  kind: 'network' | 'container' | 'service' | 'route' | 'image';
  id: string;
}

/** A sandbox status an agent reported, with the desired revision its report answered. */
export interface SandboxObservation {
  nodeId: string;
  revision: number;
  sandbox: ObservedSandbox;
}

interface LiveBusEvents {
  'node.changed': [NodeView];
  'event.recorded': [SwitchyardEvent];
  'inventory.changed': [InventoryChange];
  /** In-process only: what `start` and `stop` wait on. */
  'sandbox.observed': [SandboxObservation];
}

/** In-process fan-out of changes to whoever shows them live (the dashboard's socket.io hub). */
export class LiveBus extends EventEmitter<LiveBusEvents> {}
