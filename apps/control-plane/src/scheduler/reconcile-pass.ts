import {
  capabilitySchema,
  containerStatusSchema,
  isBuiltinImage,
  taskStateSchema,
} from '@switchyard/contracts';
import { z } from 'zod';
import type { Tx } from '../db/client.js';
import { readJsonColumn } from '../db/json-column.js';
import { readNetwork } from '../inventory/rows.js';
import { endedByItself, finishedSlots } from './restart-policy.js';
import { schedulerService } from './scheduler-service.js';
import { progress } from './update-progress.js';
import { planService, type Availability, type SchedulerNode, type SchedulerTask } from './plan.js';
import { servesTraffic, taskStatusFrom, terminalStates } from './task-state.js';
import type { ControlPlaneConfig } from '../config.js';
import { ensureIngressEndpoints } from '../networks/ingress.js';
import { ensureMeshEndpoints } from '../networks/mesh.js';
import { nodesOnNetworks } from '../networks/peer-nodes.js';
import { createTask, reapDrained, shutdownTask, trimHistory } from '../services/task-sandbox.js';
import { readHealth, readServiceSpec, readUpdateStatus, usesIngress } from '../services/spec-row.js';
import { allImages, matchImage, readObservedImages } from '../images/image-rows.js';
import { familiarReference } from '../images/references.js';

const labelsColumn = z.record(z.string(), z.string());
const capabilitiesColumn = z.array(z.string());

export interface PassOutcome {
  nodes: Set<string>;
  services: Set<string>;
  sandboxes: Set<string>;
  /** Routes whose backends may have changed. */
  routes: Set<string>;
  /** A task ended: its slot is refilled once the restart delay is over. */
  ended: boolean;
  /** A rolling update waits out its delay: the next batch goes in this many ms. */
  wakeIn?: number;
  /** Sandboxes of tasks stopped on purpose, kept until every node has let go of them (DrainGate). */
  draining: string[];
}

/**
 * One reconcile pass, in one transaction: reads the agents' reports into task states, ends tasks
 * that stopped, plans every service (scale, nodes, rolling update) and carries the plan out.
 * Returns what changed, for the caller to push and announce once committed.
 */
export async function reconcilePass(
  tx: Tx,
  config: Pick<ControlPlaneConfig, 'taskRestartDelayMs' | 'taskDrainMs' | 'defaultAddressPools'>,
  released: ReadonlySet<string> = new Set(),
): Promise<PassOutcome> {
  const outcome: PassOutcome = {
    nodes: new Set(),
    services: new Set(),
    sandboxes: new Set(),
    routes: new Set(),
    ended: false,
    draining: [],
  };
  const nodeRows = await tx.node.findMany({ include: { _count: { select: { sandboxes: true } } } });
  const nodes: SchedulerNode[] = nodeRows.map((row) => ({
    id: row.id,
    name: row.name,
    ready: row.status === 'ready',
    availability: (['active', 'pause', 'drain'].includes(row.availability)
      ? row.availability
      : 'active') as Availability,
    labels: readJsonColumn(labelsColumn, row.labels),
    capabilities: readJsonColumn(capabilitiesColumn, row.capabilities).flatMap((name) => {
      const known = capabilitySchema.safeParse(name);
      return known.success ? [known.data] : [];
    }),
    load: row._count.sandboxes,
    images: readObservedImages(row.images),
  }));
  const images = await allImages(tx);
  const ready = nodes.filter((node) => node.ready).map((node) => node.id);
  const meshed = await tx.ingressEndpoint.findMany({ select: { nodeId: true } });
  if (await ensureIngressEndpoints(tx, ready)) {
    // A new mesh endpoint is a new peer on the ingress overlay of every node.
    for (const nodeId of [...ready, ...meshed.map((endpoint) => endpoint.nodeId)]) outcome.nodes.add(nodeId);
  }
  // A new proxy leg is a new peer on its mesh network for every node there, and joins its own node.
  const legs = await ensureMeshEndpoints(
    tx,
    nodes.filter((node) => node.ready),
  );
  for (const nodeId of await nodesOnNetworks(tx, legs)) outcome.nodes.add(nodeId);
  const ingressRow = await tx.network.findFirst({ where: { ingress: true } });
  const ingress = ingressRow === null ? null : readNetwork(ingressRow);
  const swarmNetworks = new Map(
    (await tx.network.findMany({ where: { scope: 'swarm' } })).map((row) => [row.id, readNetwork(row)]),
  );
  const services = await tx.service.findMany({
    include: {
      tasks: { where: { desired: 'running' }, include: { sandbox: true } },
      routes: { select: { id: true } },
    },
    orderBy: { createdAt: 'asc' },
  });
  // Slots whose last task failed lately wait out the restart delay, so a crashing task is not
  // replaced in a tight loop.
  const cutoff = new Date(Date.now() - config.taskRestartDelayMs);
  // Every task that ended by itself, for the restart policies.
  const endedByThemselves = await tx.task.findMany({
    where: { desired: 'shutdown', state: { in: [...endedByItself] } },
    select: {
      serviceId: true,
      slot: true,
      nodeId: true,
      state: true,
      specVersion: true,
      attempt: true,
      createdAt: true,
      updatedAt: true,
    },
  });
  const failedLately = endedByThemselves.filter((ended) => ended.updatedAt > cutoff);
  // The next pass is due when the first of those slots may be refilled.
  for (const ended of failedLately) {
    const dueIn = ended.updatedAt.getTime() + config.taskRestartDelayMs - Date.now();
    outcome.wakeIn = Math.min(outcome.wakeIn ?? dueIn, dueIn);
  }
  for (const service of services) {
    const spec = readServiceSpec(service.spec);
    const networks = spec.networks.flatMap((join) => swarmNetworks.get(join.network) ?? []);
    const serviceIngress = usesIngress(spec) ? ingress : null;
    let changed = false;
    // Whether every node on the service's networks needs a new document: a task left.
    let reshaped = false;
    let servingChanged = false;
    const slotKey = (task: { slot: number | null; nodeId: string | null }) =>
      task.slot === null ? `node:${task.nodeId}` : `slot:${task.slot}`;
    const cooling = new Set([
      ...failedLately.filter((ended) => ended.serviceId === service.id).map(slotKey),
      // Slots the restart policy leaves empty are not refilled until the spec changes.
      ...finishedSlots(
        spec.restartPolicy,
        endedByThemselves
          .filter((ended) => ended.serviceId === service.id && ended.specVersion === service.version)
          .map((ended) => ({
            slotKey: slotKey(ended),
            state: taskStateSchema.catch('failed').parse(ended.state),
            createdAt: ended.createdAt,
            attempt: ended.attempt,
          })),
      ),
    ]);
    // Nodes a task left: pushed even when the service is on no swarm network.
    const left: (string | null)[] = [];
    /**
     * Nodes a new task was placed on: only they are pushed. The other nodes learn of the task (its
     * endpoint as an overlay peer, its name, its backend) in one push once it serves, and meanwhile
     * are left alone while its node builds it.
     */
    const placed: string[] = [];
    const live: SchedulerTask[] = [];
    for (const task of service.tasks) {
      const sandbox = task.sandbox;
      const status = taskStatusFrom(
        taskStateSchema.catch('new').parse(task.state),
        sandbox === null
          ? null
          : {
              status: containerStatusSchema.catch('created').parse(sandbox.status),
              error: sandbox.error,
              exitCode: sandbox.exitCode,
              health: readHealth(sandbox.health),
            },
      );
      if (terminalStates.has(status.state)) {
        await shutdownTask(tx, task, status);
        if (config.taskRestartDelayMs > 0)
          cooling.add(task.slot === null ? `node:${task.nodeId}` : `slot:${task.slot}`);
        outcome.ended = true;
        left.push(task.nodeId);
        if (task.sandboxId !== null) outcome.sandboxes.add(task.sandboxId);
        changed = true;
        reshaped = true;
        continue;
      }
      const serving = (state: string, health: string | null) =>
        servesTraffic({
          running: state === 'running',
          healthChecked: spec.healthCheck !== null,
          health: readHealth(health),
        });
      if (status.state !== task.state || status.health !== task.health || status.message !== task.message) {
        await tx.task.update({
          where: { id: task.id },
          data: {
            state: status.state,
            health: status.health,
            message: status.message,
            error: status.error,
          },
        });
        changed = true;
        // Names and backends are made from sandbox states, pushed as agents report them (see
        // AgentHub): a task starting or stopping serving changes only what routes show here.
        if (serving(status.state, status.health) !== serving(task.state, task.health)) servingChanged = true;
      }
      live.push({
        id: task.id,
        slot: task.slot,
        nodeId: task.nodeId,
        specVersion: task.specVersion,
        ready: servesTraffic({
          running: status.state === 'running',
          healthChecked: spec.healthCheck !== null,
          health: status.health,
        }),
      });
    }
    // The update delay runs from the moment the newest task at this version last changed state.
    const lastReady = Math.max(
      0,
      ...service.tasks
        .filter((task) => task.specVersion === service.version)
        .map((task) => task.updatedAt.getTime()),
    );
    const updateHeld = spec.update.delayMs > 0 && Date.now() - lastReady < spec.update.delayMs;
    if (updateHeld) {
      const remaining = spec.update.delayMs - (Date.now() - lastReady);
      outcome.wakeIn = Math.min(outcome.wakeIn ?? remaining, remaining);
    }
    const plan = planService(
      schedulerService(
        spec,
        service.version,
        [...networks, ...(serviceIngress === null ? [] : [serviceIngress])],
        cooling,
        updateHeld,
        isBuiltinImage(spec.image)
          ? null
          : { reference: familiarReference(spec.image), id: matchImage(images, spec.image)?.id ?? null },
      ),
      live,
      nodes,
    );
    const pending = JSON.stringify(plan.pending);
    if (pending !== service.pending) {
      await tx.service.update({ where: { id: service.id }, data: { pending } });
      outcome.services.add(service.id);
    }
    for (const stop of plan.stop) {
      const task = service.tasks.find((candidate) => candidate.id === stop.taskId);
      if (task === undefined) continue;
      await shutdownTask(
        tx,
        task,
        { state: 'shutdown', message: stop.reason },
        { drain: config.taskDrainMs > 0 },
      );
      left.push(task.nodeId);
      if (task.sandboxId !== null) {
        outcome.sandboxes.add(task.sandboxId);
        if (config.taskDrainMs > 0) outcome.draining.push(task.sandboxId);
      }
      changed = true;
      reshaped = true;
    }
    for (const start of plan.start) {
      await createTask(
        tx,
        { service, spec, slot: start.slot, nodeId: start.nodeId, ingress: serviceIngress },
        config.defaultAddressPools,
      );
      placed.push(start.nodeId);
      const node = nodes.find((candidate) => candidate.id === start.nodeId);
      if (node !== undefined) node.load += 1;
      changed = true;
    }
    const total =
      spec.mode === 'replicated' ? spec.replicas : live.length - plan.stop.length + plan.start.length;
    const before = readUpdateStatus(service.updateStatus);
    const settled = plan.outdated === 0 && plan.start.length === 0 && plan.updated >= total;
    const after = progress(before, plan.updated, total, settled);
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      await tx.service.update({ where: { id: service.id }, data: { updateStatus: JSON.stringify(after) } });
      outcome.services.add(service.id);
    }
    if (!changed) continue;
    await trimHistory(tx, service.id);
    outcome.services.add(service.id);
    for (const nodeId of placed) outcome.nodes.add(nodeId);
    if (reshaped || servingChanged) for (const route of service.routes) outcome.routes.add(route.id);
    if (!reshaped) continue;
    const networkIds = [
      ...networks.map((network) => network.id),
      ...(serviceIngress === null ? [] : [serviceIngress.id]),
    ];
    // Nodes on the service's networks include every proxy leg on them: a routed service's mesh
    // network reaches every meshed node, whose proxy balances over the serving tasks.
    const affected = [
      ...left,
      ...(await nodesOnNetworks(tx, networkIds)),
      ...(serviceIngress === null
        ? []
        : (await tx.ingressEndpoint.findMany({ select: { nodeId: true } })).map((e) => e.nodeId)),
    ];
    for (const nodeId of affected) if (nodeId !== null) outcome.nodes.add(nodeId);
  }
  const reaped = await reapDrained(tx, config.taskDrainMs, released);
  for (const nodeId of reaped.nodes) outcome.nodes.add(nodeId);
  for (const id of reaped.sandboxes) outcome.sandboxes.add(id);
  if (reaped.nextInMs !== undefined)
    outcome.wakeIn = Math.min(outcome.wakeIn ?? reaped.nextInMs, reaped.nextInMs);
  return outcome;
}
