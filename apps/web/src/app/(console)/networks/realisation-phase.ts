import type { NetworkView } from '@switchyard/contracts';

type Realisation = NetworkView['realisation'][number];

export type RealisationPhase = 'pending' | 'ready' | 'failed';

/** The control plane's words while the node's agent has not yet said anything about the network. */
const notYetReported = 'not yet reported by the agent';

/**
 * Where a node stands with a network: ready; pending while its agent has not reported it (or reported
 * it not ready without a reason); failed when there is a reason (the agent's error, the node down).
 */
export function realisationPhase(entry: Realisation): RealisationPhase {
  if (entry.ready) return 'ready';
  return entry.message === null || entry.message === notYetReported ? 'pending' : 'failed';
}

export interface RealisationCounts {
  ready: number;
  pending: number;
  failed: number;
  total: number;
}

export function countRealisation(realisation: readonly Realisation[]): RealisationCounts {
  const counts: RealisationCounts = { ready: 0, pending: 0, failed: 0, total: realisation.length };
  for (const entry of realisation) counts[realisationPhase(entry)] += 1;
  return counts;
}

/** One line for the status region: what is left, or that it is done. */
export function realisationSummary(counts: RealisationCounts): string {
  if (counts.total === 0) return 'no host has it yet: a host builds it when a container or task there joins';
  const hosts = (n: number) => `${n} ${n === 1 ? 'host' : 'hosts'}`;
  if (counts.ready === counts.total) return `ready on ${hosts(counts.total)}`;
  const parts = [`ready on ${counts.ready} of ${hosts(counts.total)}`];
  if (counts.failed > 0) parts.push(`failed on ${counts.failed}`);
  if (counts.pending > 0) parts.push(`waiting for ${counts.pending}`);
  return parts.join(', ');
}
