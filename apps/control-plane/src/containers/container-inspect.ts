import type { ContainerView, SwitchyardEvent, TaskState } from '@switchyard/contracts';
import type { Db } from '../db/client.js';
import { ServiceError } from '../errors.js';
import { findContainer } from '../inventory/lookup.js';
import { loadObjectNames } from '../inventory/object-names.js';
import { containerViews } from './container-views.js';
import { readTaskState } from '../networks/network-inspect.js';
import {
  describeCondition,
  readConditions,
  type DescribedCondition,
} from '../inventory/inspect/observed-conditions.js';
import { relatedEvents } from '../inventory/inspect/related-events.js';

export interface ContainerTaskEntry {
  id: string;
  name: string;
  serviceId: string;
  serviceName: string;
  slot: number | null;
  state: TaskState;
  desiredState: string;
  message: string;
  error: string | null;
}

export interface ContainerHostEntry {
  nodeId: string;
  nodeName: string;
  status: string;
  underlayAddress: string;
  observedAt: string | null;
  lastHeartbeatAt: string | null;
}

export interface ContainerInspect {
  container: ContainerView;
  /** From its health check (service tasks); null without one. */
  health: string | null;
  /** Set when it is a service's task. */
  task: ContainerTaskEntry | null;
  host: ContainerHostEntry;
  /**
   * What its host's agent said about it: its sandbox, its VIP rules, and the networks it is on
   * there; an object the agent has not reported is left out.
   */
  conditions: DescribedCondition[];
  /** Its own events, and what agents reported about its sandbox (drift, conditions), newest first. */
  events: SwitchyardEvent[];
}

/** `docker inspect <container>` plus what the agent on its host observed. */
export async function inspectContainer(db: Db, idOrName: string): Promise<ContainerInspect> {
  const row = await findContainer(db, idOrName);
  const [view] = await containerViews(db, { id: row.id });
  if (view === undefined) throw new ServiceError('NOT_FOUND', `No such container: ${idOrName}`, 'container');
  const sandboxKey = `sandbox/${row.id}`;
  const balancerKey = `loadbalancer/${row.name}`;
  const [node, task, events] = await Promise.all([
    db.node.findUniqueOrThrow({ where: { id: row.nodeId } }),
    db.task.findUnique({ where: { sandboxId: row.id }, include: { service: { select: { name: true } } } }),
    relatedEvents(db, {
      subjects: { groups: ['container'], names: [row.name] },
      mentions: [sandboxKey, balancerKey, `container ${row.name} `],
    }),
  ]);
  const keys = new Set([
    sandboxKey,
    balancerKey,
    ...view.networks.map((endpoint) => `network/${endpoint.networkId}`),
  ]);
  const reported = readConditions(node.conditions).filter((condition) => keys.has(condition.object));
  const names = await loadObjectNames(
    db,
    reported.map((condition) => condition.object),
  );
  return {
    container: view,
    health: row.health,
    task:
      task === null
        ? null
        : {
            id: task.id,
            name: task.name,
            serviceId: task.serviceId,
            serviceName: task.service.name,
            slot: task.slot,
            state: readTaskState(task.state),
            desiredState: task.desired,
            message: task.message,
            error: task.error,
          },
    host: {
      nodeId: node.id,
      nodeName: node.name,
      status: node.status,
      underlayAddress: node.underlayAddress,
      observedAt: node.observedAt?.toISOString() ?? null,
      lastHeartbeatAt: node.lastHeartbeatAt?.toISOString() ?? null,
    },
    conditions: reported.map((condition) => describeCondition(condition, names)),
    events,
  };
}
