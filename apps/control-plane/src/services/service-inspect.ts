import type { ServiceView, SwitchyardEvent } from '@switchyard/contracts';
import type { Db } from '../db/client.js';
import { serviceViews } from './service-views.js';
import { ServiceError } from '../errors.js';
import { findService } from '../inventory/lookup.js';
import {
  conditionOf,
  readConditions,
  type ObservedCondition,
} from '../inventory/inspect/observed-conditions.js';
import { relatedEvents } from '../inventory/inspect/related-events.js';

/** How many of a service's task names its events are looked up by: the live ones, enough for a page. */
const taskNamesLimit = 50;

/** The service as one host realises it. */
export interface ServiceHostEntry {
  nodeId: string;
  nodeName: string;
  nodeStatus: string;
  observedAt: string | null;
  /** Its live tasks on the host, and how many of them run. */
  tasks: { running: number; total: number };
  /** The routing mesh's published ports on the host (ingress ports only); null when not applicable. */
  ingress: { condition: ObservedCondition | null } | null;
  /**
   * The service's VIP rules in the sandboxes on its networks on this host: each such sandbox balances
   * the VIP itself. `unreported` have no word from the agent yet.
   */
  loadBalancers: {
    ready: number;
    unreported: number;
    failing: { sandboxName: string; message: string | null }[];
  };
}

export interface ServiceInspect {
  service: ServiceView;
  ingressNetwork: { id: string; name: string } | null;
  hosts: ServiceHostEntry[];
  /** Its own events, its tasks' and routes', newest first. */
  events: SwitchyardEvent[];
}

/** `docker service inspect` and `docker service ps`, plus how each host realises the service. */
export async function inspectService(db: Db, idOrName: string): Promise<ServiceInspect> {
  const row = await findService(db, idOrName);
  const [service] = await serviceViews(db, { id: row.id });
  if (service === undefined) throw new ServiceError('NOT_FOUND', `No such service: ${idOrName}`, 'service');
  const live = service.tasks.filter((task) => task.desiredState === 'running');
  const publishesIngress = service.ports.some((port) => port.publishMode === 'ingress');
  // The ingress network's VIP is the routing mesh's, answered on the hosts: no sandbox balances it.
  const ingressNetwork = await db.network.findFirst({
    where: { ingress: true },
    select: { id: true, name: true },
  });
  const balanced = service.virtualIps.filter((vip) => vip.networkId !== ingressNetwork?.id);
  const [nodes, balancers, events] = await Promise.all([
    db.node.findMany({ orderBy: { name: 'asc' } }),
    db.endpoint.findMany({
      where: { networkId: { in: balanced.map((vip) => vip.networkId) } },
      select: { sandbox: { select: { name: true, nodeId: true } } },
    }),
    relatedEvents(db, {
      subjects: { groups: ['service'], names: [row.name] },
      mentions: [
        `-> ${row.name}:`,
        ...live
          .slice(0, taskNamesLimit)
          .flatMap((task) => [`container ${task.name} `, `loadbalancer/${task.name}`]),
      ],
    }),
  ]);

  const onHost = (nodeId: string) => ({
    tasks: live.filter((task) => task.nodeId === nodeId),
    sandboxes: [
      ...new Set(
        balancers.filter((entry) => entry.sandbox.nodeId === nodeId).map((entry) => entry.sandbox.name),
      ),
    ],
  });
  const hosts = nodes.flatMap((node): ServiceHostEntry[] => {
    const { tasks, sandboxes } = onHost(node.id);
    if (!publishesIngress && tasks.length === 0 && sandboxes.length === 0) return [];
    const conditions = readConditions(node.conditions);
    const balancing = sandboxes.map((name) => ({
      name,
      condition: conditionOf(conditions, `loadbalancer/${name}`),
    }));
    return [
      {
        nodeId: node.id,
        nodeName: node.name,
        nodeStatus: node.status,
        observedAt: node.observedAt?.toISOString() ?? null,
        tasks: { running: tasks.filter((task) => task.state === 'running').length, total: tasks.length },
        ingress:
          publishesIngress && ingressNetwork
            ? { condition: conditionOf(conditions, `ingress/${ingressNetwork.id}`) }
            : null,
        loadBalancers: {
          ready: balancing.filter((entry) => entry.condition?.ready === true).length,
          unreported: balancing.filter((entry) => entry.condition === null).length,
          failing: balancing.flatMap((entry) =>
            entry.condition === null || entry.condition.ready
              ? []
              : [{ sandboxName: entry.name, message: entry.condition.message }],
          ),
        },
      },
    ];
  });
  return { service, ingressNetwork: publishesIngress ? ingressNetwork : null, hosts, events };
}
