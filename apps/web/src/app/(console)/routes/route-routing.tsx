import type { RouteView } from '@switchyard/contracts';
import { routableTitle } from '../../../lib/badges/explain';

/** Whether the proxy can reach the service at all, and over how many healthy tasks; if not, why. */
export function RouteRouting({ route }: { route: Pick<RouteView, 'routable' | 'reason' | 'backends'> }) {
  if (!route.routable)
    return (
      <span className="realisation-reason route-reason" data-testid="route-reason">
        {route.reason ?? 'not routable'}
      </span>
    );
  return (
    <span data-testid="route-routable">
      <span className="status-badge" data-status="ready" title={routableTitle}>
        routable
      </span>{' '}
      <span className="subtle">
        {route.backends} {route.backends === 1 ? 'task' : 'tasks'}
      </span>
    </span>
  );
}
