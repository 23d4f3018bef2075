import type {
  DiagnosticAnswer,
  DiagnosticQuery,
  DiagnosticsRequest,
  DiagnosticsResponse,
} from '@switchyard/contracts';

/** The part of the agent hub diagnostics use. */
export interface DiagnoseChannel {
  diagnose(
    nodeId: string,
    request: DiagnosticsRequest,
    timeoutMs?: number,
  ): Promise<DiagnosticsResponse | null>;
}

/** The agent protocol takes this many queries a request. */
const batchSize = 64;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function askNode(
  channel: DiagnoseChannel,
  nodeId: string,
  nodeName: string,
  queries: DiagnosticQuery[],
): Promise<DiagnosticAnswer[]> {
  const failAll = (error: string) => queries.map((query) => ({ id: query.id, ok: false as const, error }));
  let response: DiagnosticsResponse | null;
  try {
    response = await channel.diagnose(nodeId, { queries });
  } catch (error) {
    return failAll(`the agent on ${nodeName} did not answer: ${describe(error)}`);
  }
  if (response === null) return failAll(`the agent on ${nodeName} is not connected`);
  if (!response.ok) return failAll(`the agent on ${nodeName} refused: ${response.error}`);
  return response.answers;
}

/** Sends each node its queries at once and gathers the answers by query id; a silent node's are errors. */
export async function askAgents(
  channel: DiagnoseChannel,
  queries: ReadonlyMap<string, DiagnosticQuery[]>,
  nodeName: (nodeId: string) => string,
): Promise<Map<string, DiagnosticAnswer>> {
  const batches = [...queries].flatMap(([nodeId, list]) =>
    Array.from({ length: Math.ceil(list.length / batchSize) }, (_, i) => ({
      nodeId,
      list: list.slice(i * batchSize, (i + 1) * batchSize),
    })),
  );
  const answered = await Promise.all(
    batches.map(({ nodeId, list }) => askNode(channel, nodeId, nodeName(nodeId), list)),
  );
  return new Map(answered.flat().map((answer) => [answer.id, answer]));
}
