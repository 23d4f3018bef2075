'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '../../../lib/trpc/react';
import {
  countRealisation,
  realisationPhase,
  realisationSummary,
  type RealisationPhase,
} from './realisation-phase';
import { conditionTitles, realisedTitle } from '../../../lib/badges/explain';

const phaseWords: Record<RealisationPhase, string> = { pending: 'pending', ready: 'ready', failed: 'error' };

/**
 * The network just created (none yet: an empty live region, so the first message is announced), host
 * by host as the agents build it: pending, then ready or the agent's reason. It stays current through
 * the pushed inventory and node changes.
 */
export function NetworkProgress({ name, onDismiss }: { name: string | null; onDismiss: () => void }) {
  const trpc = useTRPC();
  const networks = useQuery(trpc.networks.list.queryOptions());
  const network = name === null ? undefined : networks.data?.find((candidate) => candidate.name === name);
  const counts = network && countRealisation(network.realisation);
  return (
    <div className="work-progress" data-testid="network-progress">
      <div className="work-progress-header">
        <p className="status-line" role="status" data-testid="network-progress-summary">
          {name !== null && (
            <>
              Created network{' '}
              <Link className="mono" href={`/networks/${encodeURIComponent(name)}`}>
                {name}
              </Link>
              {counts && `: ${realisationSummary(counts)}`}
            </>
          )}
        </p>
        {name !== null && (
          <button className="button ghost" type="button" onClick={onDismiss}>
            Dismiss
          </button>
        )}
      </div>
      {network && counts && counts.total > 0 && (
        <>
          <div
            className="progress-track"
            role="progressbar"
            aria-label={`Hosts that have realised ${network.name}`}
            aria-valuemin={0}
            aria-valuemax={counts.total}
            aria-valuenow={counts.ready}
            aria-valuetext={`${counts.ready} of ${counts.total}`}
          >
            <div className="progress-fill" style={{ width: `${(counts.ready / counts.total) * 100}%` }} />
          </div>
          <ul className="host-progress">
            {network.realisation.map((entry) => {
              const phase = realisationPhase(entry);
              return (
                <li key={entry.nodeId} data-testid={`realisation-${entry.nodeName}`} data-phase={phase}>
                  <span className="mono">{entry.nodeName}</span>{' '}
                  <span
                    className="status-badge"
                    data-status={phase === 'failed' ? 'error' : phase}
                    title={
                      phase === 'ready'
                        ? realisedTitle
                        : phase === 'pending'
                          ? conditionTitles.pending
                          : conditionTitles.failing
                    }
                  >
                    {phaseWords[phase]}
                  </span>
                  {phase === 'failed' && <span className="realisation-reason"> {entry.message}</span>}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}
