import { exposedPortsOf, type ImageRecord } from '../images/image-rows.js';
import type { Tx } from '../db/client.js';
import { readSpec } from '../inventory/rows.js';
import { readHealth, readServiceSpec, taskPorts, usesIngress } from '../services/spec-row.js';
import type { ServiceFacts, ServiceTaskFacts } from './service-records.js';

/** A service's live tasks with what decides whether they serve traffic, and their addresses. */
export const liveTasks = {
  where: { desired: 'running', sandboxId: { not: null } },
  select: {
    name: true,
    sandbox: {
      select: {
        status: true,
        health: true,
        spec: true,
        endpoints: { select: { networkId: true, address: true } },
      },
    },
  },
} as const;

interface LiveTaskRow {
  name: string;
  sandbox: {
    status: string;
    health: string | null;
    spec: string;
    endpoints: { networkId: string; address: string | null }[];
  } | null;
}

export function taskFacts(tasks: LiveTaskRow[]): ServiceTaskFacts[] {
  return tasks.flatMap((task) =>
    task.sandbox === null
      ? []
      : [
          {
            name: task.name,
            running: task.sandbox.status === 'running',
            healthChecked: readSpec(task.sandbox.spec).healthCheck !== null,
            health: readHealth(task.sandbox.health),
            addresses: task.sandbox.endpoints.flatMap((endpoint) =>
              endpoint.address === null ? [] : [{ networkId: endpoint.networkId, address: endpoint.address }],
            ),
          },
        ],
  );
}

/**
 * Every service with what a node's document shows of it, shared by all nodes; its live tasks'
 * sandboxes are looked up among those the caller loaded anyway.
 */
export function loadServiceRows(tx: Tx) {
  return tx.service.findMany({
    include: {
      virtualIps: { select: { networkId: true, address: true } },
      servicePorts: true,
      tasks: { where: liveTasks.where, select: { name: true, sandboxId: true } },
    },
  });
}

export type ServiceRow = Awaited<ReturnType<typeof loadServiceRows>>[number];
type TaskSandbox = NonNullable<LiveTaskRow['sandbox']>;

/**
 * The services a node's document needs: those on the networks its sandboxes are on, and, when the
 * node is on the routing mesh, every service publishing through it.
 */
export function serviceFacts(
  rows: readonly ServiceRow[],
  sandboxes: ReadonlyMap<string, TaskSandbox>,
  networkIds: ReadonlySet<string>,
  ingressNetworkId: string | null,
  meshed: boolean,
  images: readonly ImageRecord[] = [],
): ServiceFacts[] {
  const facts: ServiceFacts[] = [];
  for (const row of rows) {
    const spec = readServiceSpec(row.spec);
    const ingress = usesIngress(spec) && ingressNetworkId !== null;
    const serviceNetworks = [...spec.networks.map((n) => n.network), ...(ingress ? [ingressNetworkId] : [])];
    const relevant = serviceNetworks.some((id) => networkIds.has(id)) || (ingress && meshed);
    if (!relevant) continue;
    facts.push({
      id: row.id,
      name: row.name,
      endpointMode: spec.endpointMode,
      networkIds: serviceNetworks,
      vips: row.virtualIps,
      // A VIP balances every port the tasks listen on, the image's EXPOSE among them.
      ports: taskPorts(spec, exposedPortsOf(images, spec.image)),
      published: row.servicePorts
        .filter((port) => port.publishMode === 'ingress')
        .map((port) => ({
          protocol: port.protocol === 'udp' ? ('udp' as const) : ('tcp' as const),
          publishedPort: port.publishedPort,
          targetPort: port.targetPort,
        })),
      tasks: taskFacts(
        row.tasks.map((task) => ({
          name: task.name,
          sandbox: (task.sandboxId === null ? undefined : sandboxes.get(task.sandboxId)) ?? null,
        })),
      ),
    });
  }
  return facts;
}
