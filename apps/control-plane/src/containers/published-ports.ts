import type { ControlPlaneConfig } from '../config.js';
import type { Tx } from '../db/client.js';
import { resolveBridgeOptions } from '../drivers/bridge.js';
import { ServiceError } from '../errors.js';
import { readNetwork, readSpec, type Network, type SandboxSpec } from '../inventory/rows.js';
import { bindingsCollide, settlePorts, type PortRequest } from '../placement/host-ports.js';
import { meshPorts, refuseReservedPort, reservedPorts } from '../services/published-ports.js';

/**
 * Settles again the ports of a container whose stopped ports another container took, before it
 * starts; a port now held by a running container refuses the start, as dockerd's does.
 */
export async function republishPorts(
  tx: Tx,
  row: { id: string; nodeId: string; spec: string },
  config: Pick<ControlPlaneConfig, 'hrmHttpPort' | 'hrmSniPort' | 'port'>,
): Promise<void> {
  const spec = readSpec(row.spec);
  if (spec.ports.length === 0 && !spec.publishAll) return;
  if ((await tx.publishedPort.count({ where: { sandboxId: row.id } })) > 0) return;
  const endpoints = await tx.endpoint.findMany({
    where: { sandboxId: row.id, network: { driver: 'bridge' } },
    include: { network: true },
    orderBy: { createdAt: 'asc' },
  });
  const [first] = endpoints;
  if (first !== undefined) await publishPorts(tx, row, spec, readNetwork(first.network), config);
}

/** A container that ran and stopped: as in Docker, it holds no host port until it starts again. */
const isStopped = (sandbox: { desiredRunning: boolean; status: string; task: { id: string } | null }) =>
  sandbox.task === null &&
  !sandbox.desiredRunning &&
  (sandbox.status === 'exited' || sandbox.status === 'dead');

/**
 * Settles a container's `-p` and `-P` ports on its node, behind its first bridge network (whose
 * host binding address is the default), clear of the routing mesh's ports.
 */
export async function publishPorts(
  tx: Tx,
  row: { id: string; nodeId: string },
  spec: SandboxSpec,
  network: Network,
  config: Pick<ControlPlaneConfig, 'hrmHttpPort' | 'hrmSniPort' | 'port'>,
): Promise<void> {
  const requests: PortRequest[] = [...spec.ports];
  if (spec.publishAll) {
    for (const port of spec.expose) {
      const published = requests.some((r) => r.containerPort === port.port && r.protocol === port.protocol);
      if (!published)
        requests.push({ hostIp: null, hostPort: null, containerPort: port.port, protocol: port.protocol });
    }
  }
  if (requests.length === 0) return;
  // The cluster's own ports (VXLAN, SSH, the control plane) are never a container's.
  const reserved = reservedPorts(config);
  requests.forEach((request, index) =>
    refuseReservedPort(reserved, request.protocol, request.hostPort, `ports.${index}`),
  );
  // The routing mesh's proxy listens on these on every host: a DNAT for them would shadow it.
  const mesh = meshPorts(config.hrmHttpPort, config.hrmSniPort);
  requests.forEach((request, index) => {
    const taken = mesh.find(
      (port) => port.publishedPort === request.hostPort && port.protocol === request.protocol,
    );
    if (taken !== undefined) {
      throw new ServiceError(
        'CONFLICT',
        `port ${taken.publishedPort} is already in use by ${taken.holder}`,
        `ports.${index}`,
      );
    }
  });
  const bound = await tx.publishedPort.findMany({
    where: { nodeId: row.nodeId },
    include: {
      sandbox: { select: { name: true, desiredRunning: true, status: true, task: { select: { id: true } } } },
    },
  });
  const held = bound.filter((port) => !isStopped(port.sandbox));
  const protocolOf = (text: string) => (text === 'udp' ? ('udp' as const) : ('tcp' as const));
  const hostIp = resolveBridgeOptions(network.options, network.id, network.predefined).hostBindingIpv4;
  const settled = settlePorts(
    requests,
    [
      ...held.map((port) => ({
        ...port,
        protocol: protocolOf(port.protocol),
        holder: `${port.sandbox.task === null ? 'container' : 'task'} ${port.sandbox.name}`,
      })),
      // Held on every address, so `-P` never picks one of them.
      ...reserved.map((entry) => ({
        hostIp: '0.0.0.0',
        hostPort: entry.port,
        protocol: entry.protocol,
        holder: entry.reason,
      })),
    ],
    hostIp,
  );
  // A stopped container's port taken (docker-compose's recreate) goes: it settles all its ports again on start.
  const losers = bound.filter(
    (port) =>
      isStopped(port.sandbox) &&
      settled.some((binding) => bindingsCollide(binding, { ...port, protocol: protocolOf(port.protocol) })),
  );
  await tx.publishedPort.deleteMany({
    where: { sandboxId: { in: [...new Set(losers.map((port) => port.sandboxId))] } },
  });
  await tx.publishedPort.createMany({
    data: settled.map((port) => ({ ...port, sandboxId: row.id, nodeId: row.nodeId })),
  });
}
