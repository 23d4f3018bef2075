import {
  actorNode,
  type NetworkView,
  type ServiceView,
  type SwitchyardEvent,
  taskStateSchema,
  type TaskState,
} from '@switchyard/contracts';
import type { Db } from '../db/client.js';
import { ServiceError } from '../errors.js';
import { findNetwork } from '../inventory/lookup.js';
import { readAliases } from '../inventory/rows.js';
import { networkViews } from './network-views.js';
import {
  conditionOf,
  readConditions,
  type ObservedCondition,
} from '../inventory/inspect/observed-conditions.js';
import { relatedEvents } from '../inventory/inspect/related-events.js';

/** A service on the network, with its VIP there (none in dnsrr mode). */
export interface NetworkServiceEntry {
  id: string;
  name: string;
  endpointMode: string;
  vip: string | null;
  ports: ServiceView['ports'];
  /** Its running tasks on this network, out of all its live tasks here. */
  running: number;
  tasks: number;
}

/** A service task's endpoint on the network: `docker network inspect --verbose`'s Services.Tasks. */
export interface NetworkTaskEntry {
  id: string;
  name: string;
  serviceName: string;
  slot: number | null;
  containerId: string;
  nodeName: string;
  hostAddress: string;
  address: string | null;
  mac: string | null;
  state: TaskState;
  desiredState: string;
  health: string | null;
}

/** A standalone container's endpoint on the network. */
export interface NetworkContainerEntry {
  id: string;
  name: string;
  endpointId: string;
  nodeName: string;
  address: string | null;
  mac: string | null;
  aliases: string[];
  status: string;
}

/** A host's own leg into the network: the routing mesh's (ingress) or the HTTP mesh proxy's. */
export interface NetworkHostLeg {
  nodeName: string;
  kind: 'ingress' | 'mesh';
  address: string;
  mac: string;
}

/** The network as one host's agent sees it. */
export interface NetworkHostEntry {
  nodeId: string;
  nodeName: string;
  nodeStatus: string;
  /** Its VTEP on an overlay: the address other hosts send VXLAN to. */
  underlayAddress: string;
  /** Whether the network is built there, or why not; null: the agent has not said yet. */
  condition: ObservedCondition | null;
  /** Overlay only: the agent could not write its peer entries (none reported means they are in place). */
  peers: ObservedCondition | null;
  reason: string | null;
  ready: boolean;
  /** When its agent's last report was made. */
  reportedAt: string | null;
  lastHeartbeatAt: string | null;
  endpoints: number;
  /** Drift on this network the host's agent found and repaired, newest first. */
  drift: SwitchyardEvent[];
}

export interface NetworkInspect {
  network: NetworkView;
  services: NetworkServiceEntry[];
  tasks: NetworkTaskEntry[];
  containers: NetworkContainerEntry[];
  hostLegs: NetworkHostLeg[];
  hosts: NetworkHostEntry[];
  /** The network's own events and what agents reported about it, newest first. */
  events: SwitchyardEvent[];
}

/** A stored task state, read strictly; anything unknown reads as new rather than failing the page. */
export const readTaskState = (state: string): TaskState => taskStateSchema.catch('new').parse(state);

/** `docker network inspect --verbose`, plus what each host's agent reported about the network. */
export async function inspectNetwork(db: Db, idOrName: string): Promise<NetworkInspect> {
  const row = await findNetwork(db, idOrName);
  const [network] = await networkViews(db, { id: row.id });
  if (network === undefined) throw new ServiceError('NOT_FOUND', `No such network: ${idOrName}`, 'network');
  const [endpoints, vips, ingressLegs, meshLegs, nodes, events] = await Promise.all([
    db.endpoint.findMany({
      where: { networkId: row.id },
      orderBy: { createdAt: 'asc' },
      include: {
        sandbox: {
          select: {
            id: true,
            name: true,
            status: true,
            health: true,
            node: { select: { name: true, underlayAddress: true } },
            task: {
              select: {
                id: true,
                name: true,
                slot: true,
                state: true,
                desired: true,
                health: true,
                service: { select: { id: true, name: true, endpointMode: true } },
              },
            },
          },
        },
      },
    }),
    db.virtualIp.findMany({
      where: { networkId: row.id },
      include: { service: { select: { id: true, name: true, endpointMode: true, servicePorts: true } } },
    }),
    db.ingressEndpoint.findMany({
      where: { networkId: row.id },
      include: { node: { select: { name: true } } },
    }),
    db.meshEndpoint.findMany({ where: { networkId: row.id }, include: { node: { select: { name: true } } } }),
    db.node.findMany({ orderBy: { name: 'asc' } }),
    relatedEvents(db, {
      subjects: { groups: ['network'], names: [row.name] },
      mentions: [`network/${row.id}`, `ingress/${row.id}`],
    }),
  ]);

  const tasks: NetworkTaskEntry[] = endpoints.flatMap((endpoint) => {
    const { sandbox } = endpoint;
    const task = sandbox.task;
    if (task === null) return [];
    return [
      {
        id: task.id,
        name: task.name,
        serviceName: task.service.name,
        slot: task.slot,
        containerId: sandbox.id,
        nodeName: sandbox.node.name,
        hostAddress: sandbox.node.underlayAddress,
        address: endpoint.address,
        mac: endpoint.mac,
        state: readTaskState(task.state),
        desiredState: task.desired,
        health: task.health ?? sandbox.health,
      },
    ];
  });

  const services = new Map<string, NetworkServiceEntry>();
  for (const vip of vips) {
    services.set(vip.service.id, {
      id: vip.service.id,
      name: vip.service.name,
      endpointMode: vip.service.endpointMode,
      vip: vip.address,
      ports: vip.service.servicePorts.map((port) => ({
        protocol: port.protocol === 'udp' ? ('udp' as const) : ('tcp' as const),
        targetPort: port.targetPort,
        publishedPort: port.publishedPort,
        publishMode: port.publishMode === 'host' ? ('host' as const) : ('ingress' as const),
      })),
      running: 0,
      tasks: 0,
    });
  }
  for (const endpoint of endpoints) {
    const service = endpoint.sandbox.task?.service;
    if (service === undefined) continue;
    if (!services.has(service.id)) {
      services.set(service.id, {
        id: service.id,
        name: service.name,
        endpointMode: service.endpointMode,
        vip: null,
        ports: [],
        running: 0,
        tasks: 0,
      });
    }
  }
  for (const task of tasks) {
    const entry = [...services.values()].find((service) => service.name === task.serviceName);
    if (entry === undefined || task.desiredState !== 'running') continue;
    entry.tasks += 1;
    if (task.state === 'running') entry.running += 1;
  }

  const containers: NetworkContainerEntry[] = endpoints
    .filter((endpoint) => endpoint.sandbox.task === null)
    .map((endpoint) => ({
      id: endpoint.sandbox.id,
      name: endpoint.sandbox.name,
      endpointId: endpoint.id,
      nodeName: endpoint.sandbox.node.name,
      address: endpoint.address === null ? null : `${endpoint.address}/${endpoint.prefixLength}`,
      mac: endpoint.mac,
      aliases: readAliases(endpoint.aliases),
      status: endpoint.sandbox.status,
    }));

  const hostLegs: NetworkHostLeg[] = [
    ...ingressLegs.map((leg) => ({ nodeName: leg.node.name, kind: 'ingress' as const, ...legAddress(leg) })),
    ...meshLegs.map((leg) => ({ nodeName: leg.node.name, kind: 'mesh' as const, ...legAddress(leg) })),
  ].sort((a, b) => a.nodeName.localeCompare(b.nodeName));

  const hosts = network.realisation.flatMap((entry): NetworkHostEntry[] => {
    const node = nodes.find((candidate) => candidate.id === entry.nodeId);
    if (node === undefined) return [];
    const conditions = readConditions(node.conditions);
    return [
      {
        nodeId: node.id,
        nodeName: node.name,
        nodeStatus: node.status,
        underlayAddress: node.underlayAddress,
        condition: conditionOf(conditions, `network/${row.id}`),
        peers: network.driver === 'overlay' ? conditionOf(conditions, `network/${row.id}/peers`) : null,
        reason: entry.message,
        ready: entry.ready,
        reportedAt: node.observedAt?.toISOString() ?? null,
        lastHeartbeatAt: node.lastHeartbeatAt?.toISOString() ?? null,
        endpoints: endpoints.filter((endpoint) => endpoint.sandbox.node.name === node.name).length,
        drift: events.filter(
          (event) => event.kind === 'agent.drift.repaired' && actorNode(event.actor) === node.name,
        ),
      },
    ];
  });

  return { network, services: [...services.values()], tasks, containers, hostLegs, hosts, events };
}

function legAddress(leg: { address: string; prefixLength: number; mac: string }) {
  return { address: `${leg.address}/${leg.prefixLength}`, mac: leg.mac };
}
