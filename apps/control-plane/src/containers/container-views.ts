import { cidrContains, containerStatusSchema, type ContainerView, type Ipv4 } from '@switchyard/contracts';
import type { Tx } from '../db/client.js';
import { interfaceIndex, readAliases, readNetwork, readSpec } from '../inventory/rows.js';
import { isGwBridge } from '../networks/gwbridge.js';

/** Containers as the dashboard and the Engine API show them, newest first. */
export async function containerViews(
  tx: Tx,
  where: { id?: string; desiredRunning?: boolean } = {},
): Promise<ContainerView[]> {
  const rows = await tx.sandbox.findMany({
    where,
    orderBy: { createdAt: 'desc' },
    include: {
      node: { select: { name: true } },
      endpoints: { include: { network: true } },
      publishedPorts: { orderBy: [{ containerPort: 'asc' }, { protocol: 'asc' }] },
    },
  });
  return rows.map((row) => {
    const spec = readSpec(row.spec);
    // The docker_gwbridge endpoint is plumbing, not one of the container's networks (as in Docker).
    const endpoints = [...row.endpoints]
      .filter((endpoint) => !isGwBridge(endpoint.network))
      .sort((a, b) => interfaceIndex(a.interfaceName) - interfaceIndex(b.interfaceName));
    return {
      id: row.id,
      name: row.name,
      image: spec.image,
      imageId: spec.imageId,
      command: spec.command,
      env: spec.env,
      labels: spec.labels,
      hostname: row.hostname,
      createdAt: row.createdAt.toISOString(),
      nodeId: row.nodeId,
      nodeName: row.node.name,
      netns: row.networkMode === 'host' ? null : `${row.node.name}-sb-${row.id.slice(0, 12)}`,
      networkMode: row.networkMode,
      desiredRunning: row.desiredRunning,
      status: containerStatusSchema.parse(row.status),
      pid: row.pid,
      exitCode: row.exitCode,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      restartCount: row.restartCount,
      restartPolicy: spec.restartPolicy,
      autoRemove: spec.autoRemove,
      error: row.error,
      ports: row.publishedPorts.map((port) => ({
        hostIp: port.hostIp,
        hostPort: port.hostPort,
        containerPort: port.containerPort,
        protocol: port.protocol === 'udp' ? 'udp' : 'tcp',
      })),
      exposedPorts: spec.expose,
      dns: spec.dns,
      dnsSearch: spec.dnsSearch,
      networks: endpoints.map((endpoint) => {
        const address = endpoint.address as Ipv4 | null;
        const pools = readNetwork(endpoint.network).ipam;
        return {
          networkId: endpoint.networkId,
          networkName: endpoint.network.name,
          endpointId: endpoint.id,
          aliases: readAliases(endpoint.aliases),
          ipv4Address: address,
          prefixLength: endpoint.prefixLength,
          gateway:
            address === null
              ? null
              : (pools.find((pool) => cidrContains(pool.subnet, address))?.gateway ?? null),
          mac: endpoint.mac,
        };
      }),
    };
  });
}
