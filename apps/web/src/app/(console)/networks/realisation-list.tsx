import type { NetworkView } from '@switchyard/contracts';

/** Per node: realised by its agent, or the agent's reason why not. */
export function RealisationList({ realisation }: { realisation: NetworkView['realisation'] }) {
  if (realisation.length === 0) return <span className="muted">not yet reported</span>;
  return (
    <ul className="plain-list">
      {realisation.map((entry) => (
        <li key={entry.nodeId} className="realisation" data-ready={entry.ready}>
          <span className="mono">{entry.nodeName}</span>{' '}
          {entry.ready ? (
            <span className="status-badge" data-status="ready">
              ready
            </span>
          ) : (
            <span className="realisation-reason">{entry.message ?? 'not ready'}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
