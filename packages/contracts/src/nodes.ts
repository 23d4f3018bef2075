import { z } from 'zod';
import { capabilitySchema } from './capabilities.js';
import type { SwitchyardEvent } from './events.js';

export const nodeStatusSchema = z.enum(['ready', 'down']);
export type NodeStatus = z.infer<typeof nodeStatusSchema>;

/** A node as the control plane sees it; what the dashboard and `lab status` show. */
export const nodeViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  underlayAddress: z.string(),
  status: nodeStatusSchema,
  capabilities: z.array(capabilitySchema),
  agentVersion: z.string(),
  kernelVersion: z.string(),
  lastHeartbeatAt: z.string().nullable(),
  joinedAt: z.string(),
  desiredRevision: z.number().int(),
  observedRevision: z.number().int(),
  conditions: z.array(z.object({ object: z.string(), ready: z.boolean(), message: z.string().optional() })),
  /** Node labels, for `node.labels.<key>==<value>` placement constraints. */
  labels: z.record(z.string(), z.string()).default({}),
  /** active: takes new tasks; pause: keeps its tasks, takes no new ones; drain: its tasks move away. */
  availability: z.enum(['active', 'pause', 'drain']).default('active'),
  /** Raised by every change to labels or availability. */
  version: z.number().int().default(1),
});
export type NodeView = z.infer<typeof nodeViewSchema>;

/** Messages on the dashboard's live channel (socket.io namespace `/ui`). */
export const uiNamespace = '/ui';
export interface UiServerEvents {
  'node.changed': (node: NodeView) => void;
  'event.recorded': (event: SwitchyardEvent) => void;
  /** Something in the inventory changed: the dashboard refetches that kind. */
  'inventory.changed': (change: { kind: 'network' | 'container' | 'service' | 'route'; id: string }) => void;
}
