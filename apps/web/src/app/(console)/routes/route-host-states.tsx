import type { RouteView } from '@switchyard/contracts';
import { sortedHosts } from '../../../lib/routes/format';

const stateWords = {
  ready: 'serving',
  pending: 'not confirmed yet',
  error: 'failed',
  down: 'host down',
} as const;

/** Per host: whether its proxy serves the route, with the agent's message when it does not. */
export function RouteHostStates({ route }: { route: Pick<RouteView, 'hosts'> }) {
  if (route.hosts.length === 0) return <span className="muted">on no host yet</span>;
  return (
    <ul className="plain-list route-hosts">
      {sortedHosts(route).map((host) => (
        <li
          key={host.nodeId}
          className="route-host"
          data-testid={`route-host-${host.nodeName}`}
          data-state={host.state}
        >
          <span className="mono">{host.nodeName}</span>{' '}
          <span className="status-badge" data-status={host.state} title={stateWords[host.state]}>
            {host.state}
          </span>
          {host.message && host.state !== 'ready' && (
            <span
              className={`route-host-message ${host.state === 'pending' ? 'subtle' : 'realisation-reason'}`}
            >
              {host.message}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
