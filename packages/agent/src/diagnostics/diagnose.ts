import type {
  DesiredState,
  DiagnosticAnswer,
  DiagnosticQuery,
  DiagnosticsRequest,
  DiagnosticsResponse,
  NamespaceRef,
} from '@switchyard/contracts';
import { readFact } from './read-fact.js';
import { runProbe } from './run-probe.js';

export interface DiagnosticsOptions {
  /** The newest desired document: only its sandboxes and networks can be entered. */
  document: () => DesiredState | undefined;
  /** The namespace that plays the host (integration tests); undefined: this process's own. */
  hostNetns?: string;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The namespace a query names, found in the desired document, so a request can only enter what this
 * agent made; undefined is the host's own. Throws, in words, when the document has no such thing.
 */
export function resolveNamespace(
  document: DesiredState | undefined,
  where: NamespaceRef,
  hostNetns: string | undefined,
): string | undefined {
  if (where.scope === 'host') return hostNetns;
  if (document === undefined) throw new Error('this agent has no desired state yet');
  if (where.scope === 'sandbox') {
    const sandbox = document.sandboxes.find((candidate) => candidate.id === where.sandboxId);
    if (sandbox === undefined) throw new Error(`sandbox ${where.sandboxId.slice(0, 12)} is not on this host`);
    return sandbox.netns ?? hostNetns;
  }
  const network = document.networks.find((candidate) => candidate.id === where.networkId);
  if (network === undefined) throw new Error(`network ${where.networkId.slice(0, 12)} is not on this host`);
  // Bridge and macvlan networks live in the host's namespace; an overlay has its own.
  return network.overlay?.netns ?? hostNetns;
}

async function answer(query: DiagnosticQuery, options: DiagnosticsOptions): Promise<DiagnosticAnswer> {
  try {
    const document = options.document();
    if (query.kind === 'probe') {
      const netns = resolveNamespace(
        document,
        { scope: 'sandbox', sandboxId: query.sandboxId },
        options.hostNetns,
      );
      return {
        id: query.id,
        ok: true,
        netns: netns ?? null,
        probe: await runProbe(query.probe, netns ?? null),
      };
    }
    const netns = resolveNamespace(document, query.where, options.hostNetns);
    if (query.kind === 'probe-at') {
      return {
        id: query.id,
        ok: true,
        netns: netns ?? null,
        probe: await runProbe(query.probe, netns ?? null),
      };
    }
    return {
      id: query.id,
      ok: true,
      netns: netns ?? null,
      fact: await readFact(query.fact, netns, query.table, query.sysctls),
    };
  } catch (error) {
    return { id: query.id, ok: false, error: describe(error) };
  }
}

/** Answers a control plane's `diagnose` request: every query at once, each with its own outcome. */
export function createDiagnostics(options: DiagnosticsOptions) {
  return async (request: DiagnosticsRequest): Promise<DiagnosticsResponse> => ({
    ok: true,
    answers: await Promise.all(request.queries.map((query) => answer(query, options))),
  });
}
