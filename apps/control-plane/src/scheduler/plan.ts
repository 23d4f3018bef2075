import type { Capability, ObservedImage } from '@switchyard/contracts';
import { imageUnavailable, noImageHost } from '../placement/image-hosts.js';
import { satisfies, type Constraint } from './constraints.js';

export type Availability = 'active' | 'pause' | 'drain';

export interface SchedulerNode {
  id: string;
  name: string;
  ready: boolean;
  availability: Availability;
  labels: Record<string, string>;
  capabilities: Capability[];
  /** Sandboxes already on it, of every service and container: the load spreading evens out. */
  load: number;
  /** What its container runtime holds (absent: nothing). */
  images?: readonly ObservedImage[];
}

/** A task whose desired state is running. */
export interface SchedulerTask {
  id: string;
  slot: number | null;
  nodeId: string | null;
  specVersion: number;
  /** Running, and healthy when the service has a health check. */
  ready: boolean;
}

export interface SchedulerService {
  mode: 'replicated' | 'global';
  replicas: number;
  version: number;
  constraints: Constraint[];
  /** Capabilities its networks need (VXLAN for overlays). */
  requires: Capability[];
  /** Host-mode published ports bind on the node: at most one task per node. */
  onePerNode: boolean;
  parallelism: number;
  /** Slots (`slot:<n>`) or nodes (`node:<id>`) whose last task ended within the restart delay. */
  cooling: ReadonlySet<string>;
  /** The update delay after the last batch has not passed yet: no outdated task goes now. */
  updateHeld: boolean;
  /**
   * An OCI image its tasks run, with the id its reference means now (null: no image has that
   * name); absent or null for a built-in image, which every node runs.
   */
  image?: { reference: string; id: string | null } | null;
}

export interface Plan {
  start: { slot: number | null; nodeId: string }[];
  stop: { taskId: string; reason: string }[];
  /** Slots (or nodes) left without a task, with why. */
  pending: string[];
  /** Running tasks at the current version, and how many tasks still run an older one. */
  updated: number;
  outdated: number;
}

function fits(node: SchedulerNode, service: SchedulerService): boolean {
  return (
    service.constraints.every((constraint) => satisfies(node, constraint)) &&
    service.requires.every((capability) => node.capabilities.includes(capability))
  );
}

/** Whether the node can run the service's image now (a built-in image runs everywhere). */
function holdsImage(node: SchedulerNode, service: SchedulerService): boolean {
  const image = service.image ?? null;
  if (image === null) return true;
  return (
    image.id !== null &&
    imageUnavailable({ ...node, images: node.images ?? [] }, { ...image, id: image.id }) === null
  );
}

/** Why no node was suitable: the image, when it is what no fitting node has. */
function noSuitableNode(service: SchedulerService, nodes: SchedulerNode[]): string {
  const image = service.image ?? null;
  const fitting = nodes.filter((node) => node.ready && node.availability === 'active' && fits(node, service));
  if (image === null || fitting.length === 0) return 'no suitable node';
  if (image.id === null) return `no such image: ${image.reference} (docker load or docker pull it first)`;
  return noImageHost(
    { ...image, id: image.id },
    fitting.map((node) => ({ ...node, images: node.images ?? [] })),
  );
}

/** Where new tasks may go: ready, active nodes that meet the constraints and can realise the networks. */
export function eligible(node: SchedulerNode, service: SchedulerService): boolean {
  return node.ready && node.availability === 'active' && fits(node, service) && holdsImage(node, service);
}

/** Why an existing task must leave its node, or null when it may stay (paused nodes keep theirs). */
function evictionReason(node: SchedulerNode | undefined, service: SchedulerService): string | null {
  if (node === undefined) return 'node removed';
  if (!node.ready) return `node ${node.name} is down`;
  if (node.availability === 'drain') return `node ${node.name} is drained`;
  if (!fits(node, service)) return `node ${node.name} no longer meets the constraints`;
  return null;
}

/**
 * Decides which tasks to start and stop so the service converges: evicts tasks from nodes that are
 * down, drained or no longer fit; scales (highest slots go first); replaces outdated tasks at most
 * `parallelism` at a time, the next only once the new ones are ready; places new tasks on the
 * eligible node with the fewest tasks of this service, then the least load. Pure.
 */
export function planService(service: SchedulerService, tasks: SchedulerTask[], nodes: SchedulerNode[]): Plan {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const plan: Plan = { start: [], stop: [], pending: [], updated: 0, outdated: 0 };
  const kept: SchedulerTask[] = [];
  const seen = new Set<string>();
  for (const task of [...tasks].sort(
    (a, b) => (a.slot ?? 0) - (b.slot ?? 0) || b.specVersion - a.specVersion,
  )) {
    const key = service.mode === 'global' ? `node:${task.nodeId}` : `slot:${task.slot}`;
    const node = task.nodeId === null ? undefined : byId.get(task.nodeId);
    const eviction = evictionReason(node, service);
    if (service.mode === 'replicated' && (task.slot ?? 0) > service.replicas) {
      plan.stop.push({ taskId: task.id, reason: 'scaled down' });
    } else if (eviction !== null) {
      plan.stop.push({ taskId: task.id, reason: eviction });
    } else if (seen.has(key)) {
      plan.stop.push({ taskId: task.id, reason: 'duplicate task' });
    } else {
      seen.add(key);
      kept.push(task);
    }
  }

  // Rolling update: old tasks go only while fewer than `parallelism` new ones are still coming up.
  const current = kept.filter((task) => task.specVersion >= service.version);
  const inFlight = current.filter((task) => !task.ready).length;
  const outdated = kept.filter((task) => task.specVersion < service.version);
  const budget = service.updateHeld ? 0 : Math.max(0, service.parallelism - inFlight);
  const replacing = outdated.slice(0, budget);
  for (const task of replacing) plan.stop.push({ taskId: task.id, reason: 'updated to a new version' });
  const staying = kept.filter((task) => !replacing.includes(task));
  plan.updated = current.filter((task) => task.ready).length;
  plan.outdated = outdated.length;

  const perNode = new Map<string, number>();
  for (const task of staying)
    if (task.nodeId !== null) perNode.set(task.nodeId, (perNode.get(task.nodeId) ?? 0) + 1);
  const load = new Map(nodes.map((node) => [node.id, node.load]));

  if (service.mode === 'global') {
    for (const node of nodes) {
      if (!eligible(node, service) || perNode.has(node.id) || service.cooling.has(`node:${node.id}`))
        continue;
      plan.start.push({ slot: null, nodeId: node.id });
    }
    return plan;
  }

  const occupied = new Set(staying.map((task) => task.slot));
  for (let slot = 1; slot <= service.replicas; slot += 1) {
    if (occupied.has(slot)) continue;
    if (service.cooling.has(`slot:${slot}`)) {
      plan.pending.push(`slot ${slot}: restart delay`);
      continue;
    }
    const candidates = nodes
      .filter((node) => eligible(node, service) && !(service.onePerNode && perNode.has(node.id)))
      .sort(
        (a, b) =>
          (perNode.get(a.id) ?? 0) - (perNode.get(b.id) ?? 0) ||
          (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) ||
          a.name.localeCompare(b.name),
      );
    const [chosen] = candidates;
    if (chosen === undefined) {
      plan.pending.push(`slot ${slot}: ${noSuitableNode(service, nodes)}`);
      continue;
    }
    plan.start.push({ slot, nodeId: chosen.id });
    perNode.set(chosen.id, (perNode.get(chosen.id) ?? 0) + 1);
    load.set(chosen.id, (load.get(chosen.id) ?? 0) + 1);
  }
  return plan;
}
