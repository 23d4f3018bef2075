import type { Protocol, RouteView } from '@switchyard/contracts';
import type { Db } from '../../db/client.js';

/** A port published on a host, as the Diagnostics page offers it. */
export interface PublishedChoice {
  node: string;
  port: number;
  protocol: Protocol;
  /** Who publishes it: `service web (routing mesh) → 80`, `container shop_web_1 → 80`. */
  owner: string;
}

export interface RouteChoice {
  hostname: string;
  service: string;
  protocol: 'http' | 'sni';
}

const protocolOf = (value: string): Protocol => (value === 'udp' ? 'udp' : 'tcp');

/**
 * Every published port on every host: a service's routing mesh port on each node (the mesh
 * publishes it on all of them), and each container's or host-mode task's -p on its own node.
 */
export async function publishedChoices(db: Db): Promise<PublishedChoice[]> {
  const [nodes, servicePorts, sandboxPorts] = await Promise.all([
    db.node.findMany({ select: { name: true }, orderBy: { name: 'asc' } }),
    db.servicePort.findMany({
      where: { publishMode: 'ingress' },
      include: { service: { select: { name: true } } },
    }),
    db.publishedPort.findMany({
      include: { node: { select: { name: true } }, sandbox: { select: { name: true } } },
    }),
  ]);
  const choices: PublishedChoice[] = [
    ...nodes.flatMap((node) =>
      servicePorts.map((port) => ({
        node: node.name,
        port: port.publishedPort,
        protocol: protocolOf(port.protocol),
        owner: `service ${port.service.name} (routing mesh) → ${port.targetPort}`,
      })),
    ),
    ...sandboxPorts.map((port) => ({
      node: port.node.name,
      port: port.hostPort,
      protocol: protocolOf(port.protocol),
      owner: `${port.sandbox.name} → ${port.containerPort}`,
    })),
  ];
  return choices.sort((a, b) => a.node.localeCompare(b.node) || a.port - b.port);
}

export function routeChoices(routes: readonly RouteView[]): RouteChoice[] {
  return routes.map((route) => ({
    hostname: route.hostname,
    service: route.serviceName,
    protocol: route.protocol,
  }));
}
