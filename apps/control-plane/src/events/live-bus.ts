import { EventEmitter } from 'node:events';
import type { NodeView, SwitchyardEvent } from '@switchyard/contracts';

interface LiveBusEvents {
  'node.changed': [NodeView];
  'event.recorded': [SwitchyardEvent];
}

/** In-process fan-out of changes to whoever shows them live (the dashboard's socket.io hub). */
export class LiveBus extends EventEmitter<LiveBusEvents> {}
