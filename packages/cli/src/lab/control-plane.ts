import type { LocalControlPlane } from '@switchyard/contracts';
import { z } from 'zod';
import { queryControlPlane } from '../control-plane-client.js';

/** The fields of NodeView that the lab reads; the rest may change without breaking it. */
const nodeSummarySchema = z.object({ name: z.string(), status: z.enum(['ready', 'down']) });
export type NodeSummary = z.infer<typeof nodeSummarySchema>;

/** Nodes as the control plane sees them (tRPC `nodes.list`), or undefined when it cannot be asked. */
export async function fetchNodes(
  controlPlane: LocalControlPlane,
  timeoutMs = 2_000,
): Promise<NodeSummary[] | undefined> {
  return queryControlPlane(
    controlPlane,
    'nodes.list',
    undefined,
    z.array(nodeSummarySchema),
    timeoutMs,
  ).catch(() => undefined);
}
