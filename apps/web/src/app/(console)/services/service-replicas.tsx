import type { ServiceView } from '@switchyard/contracts';
import { formatReplicas, serviceHealth } from '../../../lib/services/format';

const healthWords = {
  healthy: 'all tasks running',
  converging: 'tasks starting',
  degraded: 'a task is failing or unhealthy',
  idle: 'scaled to zero',
} as const;

/** `2/3` with a dot whose colour (and spoken label) says whether the service is where it should be. */
export function ServiceReplicas({ service }: { service: ServiceView }) {
  const health = serviceHealth(service);
  return (
    <span className="replicas" data-health={health}>
      <span className="health-dot" aria-hidden="true" />
      <span className="mono" data-testid="service-replicas">
        {formatReplicas(service)}
      </span>
      <span className="visually-hidden">, {healthWords[health]}</span>
    </span>
  );
}
