import { randomBytes } from 'node:crypto';
import { isBuiltinImage, type ServiceSpec } from '@switchyard/contracts';
import { findImage } from '../images/image-rows.js';
import { imageHealthCheck } from '../images/workload.js';
import type { Tx } from '../db/client.js';
import type { AddressPool } from '../ipam/address-pools.js';
import { newDockerId } from '../inventory/ids.js';
import { readNetwork, type Network, type SandboxSpec } from '../inventory/rows.js';
import { endedByItself } from '../scheduler/restart-policy.js';
import { attachEndpoint } from '../networks/endpoints.js';
import { syncGwBridgeEndpoint } from '../networks/gwbridge.js';
import { nodesOnNetworks } from '../networks/peer-nodes.js';

/** Swarm task ids: 25 characters of [0-9a-z]. */
export function newTaskId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  return [...randomBytes(25)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export interface TaskPlacement {
  service: { id: string; name: string; version: number };
  /** The stored spec: network references are ids. */
  spec: ServiceSpec;
  slot: number | null;
  nodeId: string;
  /** The ingress network, when the service publishes through the mesh. */
  ingress: Network | null;
}

/**
 * Creates a task and its sandbox on the node, named `<service>.<slot>.<task id>` as Docker names
 * task containers: endpoints on the ingress network first (as Docker does), then the service's
 * networks with their aliases, the node's default bridge when it has none, and host-mode ports.
 * The agent does not restart a task's sandbox: a task that ends is replaced by a new one.
 */
export async function createTask(tx: Tx, placement: TaskPlacement, pools: AddressPool[]): Promise<string> {
  const { service, spec, slot, nodeId, ingress } = placement;
  const taskId = newTaskId();
  const name = `${service.name}.${slot ?? nodeId}.${taskId}`;
  const sandboxId = newDockerId();
  const hostPorts = spec.ports.filter((port) => port.publishMode === 'host');
  // Each task pins the image its reference means when it is made, as Swarm resolves it per task.
  const image = isBuiltinImage(spec.image) ? null : await findImage(tx, spec.image);
  const sandboxSpec: SandboxSpec = {
    image: spec.image,
    command: spec.command,
    env: spec.env,
    labels: {
      ...spec.labels,
      'com.docker.swarm.service.id': service.id,
      'com.docker.swarm.service.name': service.name,
      'com.docker.swarm.task.id': taskId,
      'com.docker.swarm.task.name': name,
    },
    restartPolicy: { name: 'no', maximumRetryCount: 0 },
    ports: hostPorts.map((port) => ({
      hostIp: null,
      hostPort: port.publishedPort,
      containerPort: port.targetPort,
      protocol: port.protocol,
    })),
    publishAll: false,
    expose: [],
    dns: [],
    dnsSearch: [],
    healthCheck: spec.healthCheck ?? imageHealthCheck(image?.config.healthcheck ?? null),
    imageId: image?.id ?? null,
    entrypoint: spec.entrypoint,
    user: spec.user,
    workingDir: spec.workingDir,
    stopSignal: spec.stopSignal,
    stopTimeout: spec.stopTimeout,
  };
  const networkRows = await tx.network.findMany({
    where: { id: { in: spec.networks.map((n) => n.network) } },
  });
  const byId = new Map(networkRows.map((row) => [row.id, readNetwork(row)]));
  const joins: { network: Network; aliases: string[] }[] = [
    ...(ingress === null ? [] : [{ network: ingress, aliases: [] }]),
    ...spec.networks.flatMap((join) => {
      const network = byId.get(join.network);
      return network === undefined ? [] : [{ network, aliases: join.aliases }];
    }),
  ];
  if (joins.length === 0) {
    const bridge = await tx.network.findFirst({
      where: { predefined: true, driver: 'bridge', nodeId: null },
    });
    if (bridge !== null) joins.push({ network: readNetwork(bridge), aliases: [] });
  }
  await tx.sandbox.create({
    data: {
      id: sandboxId,
      name,
      nodeId,
      hostname: sandboxId.slice(0, 12),
      networkMode:
        joins.find((join) => !join.network.ingress)?.network.name ?? joins[0]?.network.name ?? 'none',
      spec: JSON.stringify(sandboxSpec),
      desiredRunning: true,
      startGeneration: 1,
    },
  });
  for (const [index, join] of joins.entries()) {
    await attachEndpoint(tx, sandboxId, join.network, { aliases: join.aliases }, `networks.${index}`);
  }
  await syncGwBridgeEndpoint(tx, sandboxId, pools);
  if (hostPorts.length > 0) {
    await tx.publishedPort.createMany({
      data: hostPorts.map((port) => ({
        sandboxId,
        nodeId,
        hostIp: '0.0.0.0',
        hostPort: port.publishedPort ?? 0,
        containerPort: port.targetPort,
        protocol: port.protocol,
      })),
    });
  }
  // The slot's last task of this version that ended by itself, for the restart policy's count.
  const previous = await tx.task.findFirst({
    where: {
      serviceId: service.id,
      specVersion: service.version,
      desired: 'shutdown',
      state: { in: [...endedByItself] },
      ...(slot === null ? { slot: null, nodeId } : { slot }),
    },
    orderBy: { createdAt: 'desc' },
    select: { attempt: true },
  });
  await tx.task.create({
    data: {
      id: taskId,
      serviceId: service.id,
      slot,
      name,
      nodeId,
      sandboxId,
      state: 'assigned',
      message: 'assigned',
      specVersion: service.version,
      attempt: previous === null ? 0 : previous.attempt + 1,
    },
  });
  return taskId;
}

/** Ends a task: it keeps its row as history; its sandbox goes, and with it addresses and ports. */
export async function shutdownTask(
  tx: Tx,
  task: { id: string; sandboxId: string | null },
  status: { state: string; message: string; error?: string | null },
  { drain = false }: { drain?: boolean } = {},
): Promise<void> {
  await tx.task.update({
    where: { id: task.id },
    data: { desired: 'shutdown', state: status.state, message: status.message, error: status.error ?? null },
  });
  // A draining task keeps its sandbox until `reapDrained`; only tasks that serve traffic are named
  // and balanced, so it gets no new connections meanwhile.
  if (!drain && task.sandboxId !== null) await tx.sandbox.deleteMany({ where: { id: task.sandboxId } });
}

/**
 * Removes the sandboxes of shut down tasks that every node has let go of (`released`, see
 * scheduler/drain-gate.ts) or that drained for `timeoutMs` all the same. Returns the nodes to push
 * (the sandbox's own and its networks' peers), the sandboxes removed, and when the next timeout is due.
 */
export async function reapDrained(
  tx: Tx,
  timeoutMs: number,
  released: ReadonlySet<string> = new Set(),
  now = Date.now(),
): Promise<{ nodes: string[]; sandboxes: string[]; nextInMs: number | undefined }> {
  const draining = await tx.task.findMany({
    where: { desired: 'shutdown', sandboxId: { not: null } },
    select: {
      sandboxId: true,
      updatedAt: true,
      sandbox: { select: { nodeId: true, endpoints: { select: { networkId: true } } } },
    },
  });
  const dueAt = (task: { updatedAt: Date }) => task.updatedAt.getTime() + timeoutMs;
  const isDue = (task: { sandboxId: string | null; updatedAt: Date }) =>
    dueAt(task) <= now || (task.sandboxId !== null && released.has(task.sandboxId));
  const due = draining.filter(isDue);
  const waits = draining.filter((task) => !isDue(task)).map((task) => dueAt(task) - now);
  const sandboxes = due.flatMap((task) => (task.sandboxId === null ? [] : [task.sandboxId]));
  const networkIds = [
    ...new Set(due.flatMap((task) => task.sandbox?.endpoints.map((e) => e.networkId) ?? [])),
  ];
  const nodes = [
    ...due.flatMap((task) => (task.sandbox === null ? [] : [task.sandbox.nodeId])),
    ...(networkIds.length === 0 ? [] : await nodesOnNetworks(tx, networkIds)),
  ];
  if (sandboxes.length > 0) await tx.sandbox.deleteMany({ where: { id: { in: sandboxes } } });
  return {
    nodes: [...new Set(nodes)],
    sandboxes,
    nextInMs: waits.length === 0 ? undefined : Math.min(...waits),
  };
}

/** Shut down tasks kept per slot (per node for global services), as Docker's task history limit. */
export const taskHistoryLimit = 5;

export async function trimHistory(tx: Tx, serviceId: string): Promise<void> {
  // A task still draining keeps its row: its sandbox is removed through it.
  const ended = await tx.task.findMany({
    where: { serviceId, desired: 'shutdown', sandboxId: null },
    orderBy: { createdAt: 'desc' },
    select: { id: true, slot: true, nodeId: true },
  });
  const counts = new Map<string, number>();
  const stale: string[] = [];
  for (const task of ended) {
    const key = task.slot === null ? `node:${task.nodeId}` : `slot:${task.slot}`;
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count > taskHistoryLimit) stale.push(task.id);
  }
  if (stale.length > 0) await tx.task.deleteMany({ where: { id: { in: stale } } });
}
