import { z } from 'zod';
import { readJsonColumn } from '../db/json-column.js';
import type { ServiceView, TaskState, TaskView } from '@switchyard/contracts';
import type { Db, Tx } from '../db/client.js';
import { readHealth, readServiceSpec, readUpdateStatus } from './spec-row.js';

const taskInclude = {
  node: { select: { name: true } },
  sandbox: {
    select: {
      id: true,
      endpoints: { select: { networkId: true, address: true, network: { select: { name: true } } } },
    },
  },
} as const;

type TaskRow = Awaited<ReturnType<typeof loadTasks>>[number];

function loadTasks(tx: Tx | Db, serviceIds: string[]) {
  return tx.task.findMany({
    where: { serviceId: { in: serviceIds } },
    include: taskInclude,
    orderBy: [{ slot: 'asc' }, { createdAt: 'desc' }],
  });
}

const pendingColumn = z.array(z.string());

export function toTaskView(row: TaskRow): TaskView {
  return {
    id: row.id,
    name: row.name,
    serviceId: row.serviceId,
    slot: row.slot,
    nodeId: row.nodeId,
    nodeName: row.node?.name ?? null,
    desiredState: row.desired === 'shutdown' ? 'shutdown' : 'running',
    state: row.state as TaskState,
    health: readHealth(row.health),
    message: row.message,
    error: row.error,
    containerId: row.sandbox?.id ?? null,
    addresses: (row.sandbox?.endpoints ?? []).flatMap((endpoint) =>
      endpoint.address === null
        ? []
        : [{ networkId: endpoint.networkId, networkName: endpoint.network.name, address: endpoint.address }],
    ),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Services as the dashboard and the Docker Engine API show them, tasks (history too) included. */
export async function serviceViews(tx: Tx | Db, where: { id?: string } = {}): Promise<ServiceView[]> {
  const rows = await tx.service.findMany({
    where,
    include: { virtualIps: { include: { network: { select: { name: true } } } }, servicePorts: true },
    orderBy: { name: 'asc' },
  });
  const tasks = await loadTasks(
    tx,
    rows.map((row) => row.id),
  );
  const names = new Map(
    (await tx.network.findMany({ where: { scope: 'swarm' }, select: { id: true, name: true } })).map((n) => [
      n.id,
      n.name,
    ]),
  );
  return rows.map((row) => {
    const spec = readServiceSpec(row.spec);
    const mine = tasks.filter((task) => task.serviceId === row.id).map(toTaskView);
    const live = mine.filter((task) => task.desiredState === 'running');
    return {
      id: row.id,
      version: row.specIndex,
      spec: {
        ...spec,
        networks: spec.networks.map((join) => ({
          ...join,
          network: names.get(join.network) ?? join.network,
        })),
        ports: spec.ports.map((port) => ({
          ...port,
          publishedPort:
            row.servicePorts.find(
              (held) => held.targetPort === port.targetPort && held.protocol === port.protocol,
            )?.publishedPort ?? port.publishedPort,
        })),
      },
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      virtualIps: row.virtualIps
        .map((vip) => ({ networkId: vip.networkId, networkName: vip.network.name, address: vip.address }))
        .sort((a, b) => a.networkName.localeCompare(b.networkName)),
      ports: row.servicePorts.map((port) => ({
        protocol: port.protocol === 'udp' ? ('udp' as const) : ('tcp' as const),
        targetPort: port.targetPort,
        publishedPort: port.publishedPort,
        publishMode: port.publishMode === 'host' ? ('host' as const) : ('ingress' as const),
      })),
      running: live.filter((task) => task.state === 'running').length,
      desired: spec.mode === 'replicated' ? spec.replicas : live.length,
      updateStatus: readUpdateStatus(row.updateStatus),
      pending: readJsonColumn(pendingColumn, row.pending),
      tasks: mine,
    };
  });
}

/** Every task of every service, history included (`docker service ps`, `docker node ps`). */
export async function allTasks(db: Db): Promise<TaskView[]> {
  const rows = await db.task.findMany({
    include: taskInclude,
    orderBy: [{ serviceId: 'asc' }, { slot: 'asc' }, { createdAt: 'desc' }],
  });
  return rows.map(toTaskView);
}
