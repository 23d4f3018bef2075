import type { LinkFact, NeighbourFact, PortFact, RouteFact, SysctlFact } from '@switchyard/contracts';
import type { LinkRef } from './audit-types.js';

/** Everything read in one namespace; null where it was not asked for. */
export interface NamespaceFacts {
  netns: string | null;
  nftables: Record<string, unknown>[] | null;
  links: LinkFact[] | null;
  routes: RouteFact[] | null;
  neighbours: NeighbourFact[] | null;
  sysctls: SysctlFact[] | null;
  ports: PortFact[] | null;
}

/** One judge's outcome: a break in words with its fix, or a short summary for a healthy step. */
export interface Finding {
  status: 'ok' | 'broken';
  /** The sentence for the step when this is the first break. */
  message: string;
  /** A few words for a healthy step's message; null: nothing worth saying. */
  summary: string | null;
  detail: string[];
}

export const ok = (summary: string | null, detail: string[]): Finding => ({
  status: 'ok',
  message: summary ?? '',
  summary,
  detail,
});
export const broken = (message: string, detail: string[]): Finding => ({
  status: 'broken',
  message,
  summary: null,
  detail,
});

export function findLink(links: readonly LinkFact[] | null, ref: LinkRef): LinkFact | undefined {
  if (links === null) return undefined;
  return (
    (ref.name === null ? undefined : links.find((link) => link.name === ref.name)) ??
    (ref.mac === null
      ? undefined
      : links.find((link) => link.mac.toLowerCase() === ref.mac?.toLowerCase())) ??
    (ref.address === undefined
      ? undefined
      : links.find((link) => link.addresses.some((cidr) => cidr.split('/')[0] === ref.address)))
  );
}

/** `ip -n <netns>` or plain `ip` for the host's own namespace: the fix as the operator types it. */
export const ipIn = (netns: string | null) => (netns === null ? 'ip' : `ip -n ${netns}`);
export const execIn = (netns: string | null) => (netns === null ? '' : `ip netns exec ${netns} `);
