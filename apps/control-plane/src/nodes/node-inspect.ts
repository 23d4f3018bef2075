import type { NodeView, SwitchyardEvent, TaskState } from '@switchyard/contracts';
import type { Db } from '../db/client.js';
import { toNodeView } from './node-view.js';
import { isGwBridge } from '../networks/gwbridge.js';
import { ServiceError } from '../errors.js';
import { loadObjectNames } from '../inventory/object-names.js';
import { interfaceIndex, readSpec } from '../inventory/rows.js';
import { networkViews } from '../networks/network-views.js';
import { readTaskState } from '../networks/network-inspect.js';
import {
  byAttention,
  describeCondition,
  readConditions,
  type DescribedCondition,
} from '../inventory/inspect/observed-conditions.js';
import { relatedEvents } from '../inventory/inspect/related-events.js';

export interface NodeNetworkEntry {
  id: string;
  name: string;
  driver: string;
  scope: string;
  ready: boolean;
  message: string | null;
}

export interface NodeContainerEntry {
  id: string;
  name: string;
  status: string;
  health: string | null;
  image: string;
  restartCount: number;
  error: string | null;
  addresses: { networkName: string; address: string }[];
  /** Set when the container is a service's task. */
  task: { id: string; serviceName: string; state: TaskState; desiredState: string } | null;
}

/** A certificate the cluster CA issued the node: its agent presents the newest. */
export interface NodeCertificateEntry {
  serial: string;
  issuedAt: string;
  notAfter: string;
  revokedAt: string | null;
}

export interface NodeInspect {
  node: NodeView;
  /** Newest first. */
  certificates: NodeCertificateEntry[];
  /** When its agent's last report was made. */
  observedAt: string | null;
  /** Every condition of its agent's last report, failing first. */
  conditions: DescribedCondition[];
  networks: NodeNetworkEntry[];
  containers: NodeContainerEntry[];
  /** What the node's agent reported and what happened to the node, newest first. */
  events: SwitchyardEvent[];
}

/** A node as `docker node inspect` shows it, with its agent's report and what runs on it. */
export async function inspectNode(db: Db, idOrName: string): Promise<NodeInspect> {
  const row = await db.node.findFirst({ where: { OR: [{ id: idOrName }, { name: idOrName }] } });
  if (row === null) throw new ServiceError('NOT_FOUND', `No such node: ${idOrName}`, 'node');
  const conditions = readConditions(row.conditions);
  const [names, networks, sandboxes, events, certificates] = await Promise.all([
    loadObjectNames(
      db,
      conditions.map((condition) => condition.object),
    ),
    networkViews(db),
    db.sandbox.findMany({
      where: { nodeId: row.id },
      orderBy: { name: 'asc' },
      include: {
        endpoints: { include: { network: { select: { name: true, predefined: true, nodeId: true } } } },
        task: { select: { id: true, state: true, desired: true, service: { select: { name: true } } } },
      },
    }),
    relatedEvents(db, {
      subjects: { groups: ['node', 'agent'], names: [row.name] },
      actors: [`node:${row.name}`],
    }),
    db.certificate.findMany({ where: { nodeId: row.id }, orderBy: { createdAt: 'desc' } }),
  ]);

  return {
    node: toNodeView(row),
    certificates: certificates.map((certificate) => ({
      serial: certificate.serial,
      issuedAt: certificate.createdAt.toISOString(),
      notAfter: certificate.notAfter.toISOString(),
      revokedAt: certificate.revokedAt?.toISOString() ?? null,
    })),
    observedAt: row.observedAt?.toISOString() ?? null,
    conditions: conditions.map((condition) => describeCondition(condition, names)).sort(byAttention),
    networks: networks.flatMap((network) => {
      const here = network.realisation.find((entry) => entry.nodeId === row.id);
      if (here === undefined) return [];
      return [
        {
          id: network.id,
          name: network.name,
          driver: network.driver,
          scope: network.scope,
          ready: here.ready,
          message: here.message,
        },
      ];
    }),
    containers: sandboxes.map((sandbox) => ({
      id: sandbox.id,
      name: sandbox.name,
      status: sandbox.status,
      health: sandbox.health,
      image: readSpec(sandbox.spec).image,
      restartCount: sandbox.restartCount,
      error: sandbox.error,
      addresses: sandbox.endpoints
        .filter((endpoint) => endpoint.address !== null && !isGwBridge(endpoint.network))
        .sort((a, b) => interfaceIndex(a.interfaceName) - interfaceIndex(b.interfaceName))
        .map((endpoint) => ({
          networkName: endpoint.network.name,
          address: `${endpoint.address ?? ''}/${endpoint.prefixLength ?? ''}`,
        })),
      task:
        sandbox.task === null
          ? null
          : {
              id: sandbox.task.id,
              serviceName: sandbox.task.service.name,
              state: readTaskState(sandbox.task.state),
              desiredState: sandbox.task.desired,
            },
    })),
    events,
  };
}
