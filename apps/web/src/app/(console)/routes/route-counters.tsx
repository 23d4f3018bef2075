import type { RouteView } from '@switchyard/contracts';
import { formatCount, formatLatency } from '../../../lib/routes/format';

const classes = ['2xx', '3xx', '4xx', '5xx'] as const;

/** The proxy's counters summed over the hosts: requests and mean latency, then responses by class. */
export function RouteTraffic({ counters }: { counters: RouteView['counters'] }) {
  return (
    <div className="route-traffic">
      <div className="nowrap">
        <span className="numeric mono" data-testid="route-requests">
          {formatCount(counters.requests)}
        </span>{' '}
        <span className="subtle">requests ·</span>{' '}
        <span className="numeric mono" data-testid="route-latency">
          {formatLatency(counters.avgResponseMs)}
        </span>{' '}
        <span className="subtle">mean</span>
      </div>
      <div className="status-classes">
        {classes.map((name) => (
          <span
            key={name}
            className="status-class"
            data-class={name}
            data-count={counters.status[name]}
            data-testid={`route-status-${name}`}
          >
            <span className="subtle">{name}</span>{' '}
            <span className="numeric mono">{formatCount(counters.status[name])}</span>
          </span>
        ))}
      </div>
    </div>
  );
}
