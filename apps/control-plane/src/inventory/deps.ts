import type {
  ContainerLogsRequest,
  ContainerLogsResponse,
  SignalRequest,
  SignalResponse,
  TopRequest,
  TopResponse,
  PullImageRequest,
  PullImageResponse,
} from '@switchyard/contracts';
import type { ControlPlaneConfig } from '../config.js';
import type { Db } from '../db/client.js';
import type { EventLog } from '../events/event-log.js';
import type { InventoryChange, LiveBus } from '../events/live-bus.js';
import type { Serializer } from '../ipam/serializer.js';

/**
 * What the domains ask of the agents; the hub implements it. Declared here so that no domain
 * imports the hub, which imports the compiler, which reads what the domains wrote.
 */
export interface AgentChannel {
  isConnected(nodeId: string): boolean;
  /** Pushes the node its current document; its revision, or null when the node is not connected. */
  push(nodeId: string): Promise<number | null>;
  /** Pushes each connected node its current document; the revision sent to each. */
  pushMany(nodeIds: Iterable<string>): Promise<Map<string, number>>;
  /** A container's output from its node's agent; null when the node is not connected. */
  logs(nodeId: string, request: ContainerLogsRequest): Promise<ContainerLogsResponse | null>;
  /** A running container's processes; null when the node is not connected. */
  top(nodeId: string, request: TopRequest): Promise<TopResponse | null>;
  /** A signal to a running container's main process; null when the node is not connected. */
  signal(nodeId: string, request: SignalRequest): Promise<SignalResponse | null>;
  /** Has the node's container runtime pull an image; null when the node is not connected. */
  pullImage(nodeId: string, request: PullImageRequest): Promise<PullImageResponse | null>;
}

/** What the network and container services share. */
export interface InventoryDeps {
  db: Db;
  events: EventLog;
  bus: LiveBus;
  agentHub: AgentChannel;
  /** One lock for every change that allocates or releases subnets, addresses or ports. */
  lock: Serializer;
  config: ControlPlaneConfig;
}

/** Pushes the affected nodes their new documents and tells live viewers what changed. */
export async function announce(
  deps: InventoryDeps,
  changes: InventoryChange[],
  nodeIds: (string | null)[],
): Promise<void> {
  await deps.agentHub.pushMany(nodeIds.filter((nodeId) => nodeId !== null));
  for (const change of changes) deps.bus.emit('inventory.changed', change);
}
