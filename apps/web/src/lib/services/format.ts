import type { ServiceView } from '@switchyard/contracts';

type SettledPort = ServiceView['ports'][number];

/** As `docker service ls` prints it: *:8080->80/tcp (ingress: every host's address). */
export function formatServicePort(port: SettledPort): string {
  const where = port.publishMode === 'host' ? 'host' : '*';
  return `${where}:${port.publishedPort}->${port.targetPort}/${port.protocol}`;
}

/** `2/3`: running tasks out of the desired ones, as `docker service ls` shows replicas. */
export function formatReplicas(service: Pick<ServiceView, 'running' | 'desired'>): string {
  return `${service.running}/${service.desired}`;
}

export type ServiceHealth = 'healthy' | 'converging' | 'degraded' | 'idle';

/**
 * One word for the list's health dot: every desired task running (and none unhealthy), on its way, or
 * short with a task failing or unhealthy.
 */
export function serviceHealth(service: Pick<ServiceView, 'running' | 'desired' | 'tasks'>): ServiceHealth {
  const current = service.tasks.filter((task) => task.desiredState === 'running');
  const troubled = current.some(
    (task) => task.health === 'unhealthy' || task.state === 'failed' || task.state === 'rejected',
  );
  if (troubled) return 'degraded';
  if (service.desired === 0) return 'idle';
  return service.running >= service.desired ? 'healthy' : 'converging';
}
