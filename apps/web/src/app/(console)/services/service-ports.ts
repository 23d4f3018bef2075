import { parsePortSpec, PortSpecError, type ServicePort } from '@switchyard/contracts';
import { splitList } from '../../../lib/inventory/zod-message';

export type PublishMode = ServicePort['publishMode'];

/**
 * `--publish` short forms (`8080:80`, `53:53/udp`, `80` for a port the control plane picks) as the
 * service's ports. A service publishes on every address of a host, so a host IP is refused.
 */
export function parseServicePorts(
  text: string,
  publishMode: PublishMode,
): { ports: ServicePort[]; error: string | null } {
  const ports: ServicePort[] = [];
  for (const spec of splitList(text)) {
    try {
      for (const binding of parsePortSpec(spec)) {
        if (binding.hostIp !== null)
          return { ports, error: `"${spec}": a service publishes on every address, drop the IP` };
        ports.push({
          protocol: binding.protocol,
          targetPort: binding.containerPort,
          publishedPort: binding.hostPort,
          publishMode,
        });
      }
    } catch (error) {
      if (error instanceof PortSpecError) return { ports, error: error.message };
      throw error;
    }
  }
  return { ports, error: null };
}

/** What the typed ports will publish, as the list will show them, so the short form's meaning is visible. */
export function servicePortsPreview(text: string, publishMode: PublishMode): string {
  const { ports, error } = parseServicePorts(text, publishMode);
  if (error || ports.length === 0) return 'Docker short forms, e.g. 8080:80, 53:53/udp';
  const where = publishMode === 'host' ? 'host' : '*';
  return ports
    .map((port) => `${where}:${port.publishedPort ?? '(any)'}->${port.targetPort}/${port.protocol}`)
    .join(', ');
}
