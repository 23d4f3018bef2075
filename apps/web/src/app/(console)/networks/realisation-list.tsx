import type { NetworkView } from '@switchyard/contracts';
import { realisedTitle } from '../../../lib/badges/explain';

type Realisation = NetworkView['realisation'][number];

/** Ready on a node, or the agent's reason why not. */
export function RealisationState({ entry }: { entry: Realisation | undefined }) {
  if (entry === undefined) return <span className="muted">not yet reported</span>;
  return entry.ready ? (
    <span className="status-badge" data-status="ready" title={realisedTitle}>
      ready
    </span>
  ) : (
    <span className="realisation-reason">{entry.message ?? 'not ready'}</span>
  );
}

/** Per node: realised by its agent, or the agent's reason why not. */
export function RealisationList({ realisation }: { realisation: NetworkView['realisation'] }) {
  if (realisation.length === 0) return <span className="muted">not yet reported</span>;
  return (
    <ul className="plain-list">
      {realisation.map((entry) => (
        <li key={entry.nodeId} className="realisation" data-ready={entry.ready}>
          <span className="mono">{entry.nodeName}</span> <RealisationState entry={entry} />
        </li>
      ))}
    </ul>
  );
}
