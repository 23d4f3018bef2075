import type { LocalControlPlane } from '@switchyard/contracts';
import { readLocalCredentials } from '@switchyard/control-plane/local-credentials';
import { z } from 'zod';

/** The control plane running for this data dir, from the file it writes; undefined when none is. */
export async function readLocalControlPlane(dataDir: string): Promise<LocalControlPlane | undefined> {
  return readLocalCredentials(dataDir) ?? undefined;
}

/** The fields of NodeView that the lab reads; the rest may change without breaking it. */
const nodeSummarySchema = z.object({ name: z.string(), status: z.enum(['ready', 'down']) });
export type NodeSummary = z.infer<typeof nodeSummarySchema>;

const nodesListResponseSchema = z.object({
  result: z.object({
    data: z.union([z.array(nodeSummarySchema), z.object({ json: z.array(nodeSummarySchema) })]),
  }),
});

/** Nodes as the control plane sees them (tRPC `nodes.list`), or undefined when it cannot be asked. */
export async function fetchNodes(
  controlPlane: LocalControlPlane,
  timeoutMs = 2_000,
): Promise<NodeSummary[] | undefined> {
  try {
    const response = await fetch(new URL('/trpc/nodes.list', controlPlane.url), {
      headers: { authorization: `Bearer ${controlPlane.cliToken}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) return undefined;
    const parsed = nodesListResponseSchema.safeParse(await response.json());
    if (!parsed.success) return undefined;
    const data = parsed.data.result.data;
    return Array.isArray(data) ? data : data.json;
  } catch {
    return undefined;
  }
}
