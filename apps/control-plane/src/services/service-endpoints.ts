import type { ServiceSpec } from '@switchyard/contracts';
import type { ControlPlaneConfig } from '../config.js';
import type { Tx } from '../db/client.js';
import { nodesOnNetworks } from '../networks/peer-nodes.js';
import { meshPorts, type HeldPort, type SettledPort } from './published-ports.js';
import type { ServiceNetworks } from './service-networks.js';
import { usesIngress } from './spec-row.js';
import { syncVirtualIps } from './vips.js';

/** Published ports other services hold, and the routing mesh's own. */
export async function portsHeldByOthers(
  tx: Tx,
  serviceId: string | null,
  config: Pick<ControlPlaneConfig, 'hrmHttpPort' | 'hrmSniPort'>,
): Promise<HeldPort[]> {
  const rows = await tx.servicePort.findMany({
    where: serviceId === null ? {} : { serviceId: { not: serviceId } },
    include: { service: { select: { name: true } } },
  });
  return [
    ...rows.map((row) => ({
      protocol: row.protocol,
      publishedPort: row.publishedPort,
      holder: `service ${row.service.name}`,
    })),
    ...meshPorts(config.hrmHttpPort, config.hrmSniPort),
  ];
}

/** Holds the service's VIPs and published ports as the settled spec says, inside the caller's transaction. */
export async function holdEndpoints(
  tx: Tx,
  serviceId: string,
  spec: ServiceSpec,
  networks: ServiceNetworks,
  ports: SettledPort[],
) {
  const vipNetworks = [
    ...(networks.ingress === null ? [] : [networks.ingress]),
    ...networks.joins.map((join) => join.network),
  ];
  await syncVirtualIps(tx, serviceId, spec.endpointMode === 'vip' ? vipNetworks : []);
  await tx.servicePort.deleteMany({ where: { serviceId } });
  await tx.servicePort.createMany({
    data: ports.map((port) => ({
      serviceId,
      protocol: port.protocol,
      publishedPort: port.publishedPort,
      targetPort: port.targetPort,
      publishMode: port.publishMode,
    })),
  });
}

/** Nodes whose documents show the service: those on its networks, and every meshed node when it publishes. */
export async function nodesShowing(tx: Tx, serviceId: string, spec: ServiceSpec): Promise<string[]> {
  const ingress = usesIngress(spec) ? await tx.ingressEndpoint.findMany({ select: { nodeId: true } }) : [];
  const tasks = await tx.task.findMany({
    where: { serviceId, nodeId: { not: null } },
    select: { nodeId: true },
  });
  return [
    ...(await nodesOnNetworks(
      tx,
      spec.networks.map((join) => join.network),
    )),
    ...ingress.map((endpoint) => endpoint.nodeId),
    ...tasks.flatMap((task) => (task.nodeId === null ? [] : [task.nodeId])),
  ];
}
