import type {
  DesiredNetwork,
  IpamPoolInput,
  Ipv4,
  Mac,
  NetworkCreateRequest,
  NetworkDriver,
} from '@switchyard/contracts';
import type { Tx } from '../db/client.js';
import type { AddressPool } from '../ipam/address-pools.js';
import type { settlePools } from '../ipam/allocator.js';
import type { Network } from '../inventory/rows.js';
import type { NodeLoads } from '../nodes/node-loads.js';
import type { Requirement } from '../placement/requirements.js';

/** The columns of a new network row, settled: its node, scope, pools and VNI. */
export interface SettledNetwork {
  driver: string;
  scope: 'local' | 'swarm';
  nodeId: string | null;
  nodeName: string | null;
  ipam: ReturnType<typeof settlePools>;
  options: Record<string, string>;
  vni: number | null;
  configOnly: boolean;
  configFrom: string | null;
}

/** A create request as a driver settles it, with pools and options already taken from `--config-from`. */
export interface SettleRequest {
  tx: Tx;
  request: NetworkCreateRequest;
  nodes: NodeLoads;
  /** The new network's id. */
  id: string;
  ipam: IpamPoolInput[];
  options: Record<string, string>;
  /** The config-only network the settings came from, if any. */
  configFrom: string | null;
  /** The pools local networks take their subnets from (Docker's `default-address-pools`). */
  localPools: AddressPool[];
}

/** What the compiler knows of the node a network is compiled for. */
export interface CompileTarget {
  network: Network;
  nodeName: string;
  underlayAddress: string;
  /** The network's endpoints on other nodes, with their node's underlay address (overlays). */
  remotePeers: () => { address: Ipv4; mac: Mac; underlay: Ipv4 }[];
}

/** The driver's own part of a network in a node's desired document. */
export type DriverSection = Pick<DesiredNetwork, 'bridge' | 'overlay' | 'macvlan'>;

/**
 * What a network driver means to the control plane: how a new network of it is settled (its options
 * validated), what a node needs to realise it and what the node's agent is told (its options
 * normalised, Docker's defaults filled in). Adding a driver is one file implementing this and one
 * line in the registry.
 */
export interface NetworkDriverModel {
  name: NetworkDriver;
  /**
   * Settles a create request: node, scope, pools, VNI. Absent for drivers whose only network is
   * predefined (host, null).
   */
  settle?: (request: SettleRequest) => Promise<SettledNetwork>;
  /** Whether `--config-from` may supply its pools and options. */
  takesConfigFrom: boolean;
  /** What a node needs to realise the network. */
  requirements(network: { name: string; options: Record<string, string> }): Requirement[];
  /** The driver's settings in the node's desired document. */
  compile(target: CompileTarget): DriverSection;
  /**
   * Whether endpoints route out through the network's gateway; an overlay's way out is the
   * docker_gwbridge endpoint instead.
   */
  gatewayRoute: boolean;
  /** Published ports reach a sandbox through its endpoint on such a network first. */
  carriesPublishedPorts: boolean;
  /** The agent builds something for its networks, and so reports a `network/<id>` condition. */
  buildsOnNodes: boolean;
  /**
   * Its network is a container's whole network mode (Docker's `host`, `none`): joined alone, at
   * creation, and never connected or disconnected later.
   */
  networkMode: boolean;
}
