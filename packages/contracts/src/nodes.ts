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
  'inventory.changed': (change: {
    kind: 'network' | 'container' | 'service' | 'route' | 'image';
    id: string;
  }) => void;
  /** A terminal's output, and its end (the container page's terminal tab). */
  'exec.output': (message: { execId: string; data: Uint8Array }) => void;
  'exec.exit': (message: { execId: string; exitCode: number }) => void;
}

/**
 * What a browser sends on `/ui` for a terminal: an operator opens a shell in a running container
 * (answered through the acknowledgement with the session's id), types into it, resizes it, closes it.
 */
export interface UiClientEvents {
  'exec.open': (
    request: { containerId: string; command?: string[]; cols: number; rows: number },
    reply: (response: { ok: true; execId: string } | { ok: false; error: string }) => void,
  ) => void;
  'exec.input': (message: { execId: string; data: string }) => void;
  'exec.resize': (message: { execId: string; cols: number; rows: number }) => void;
  'exec.close': (message: { execId: string }) => void;
}
