import { nodeLabel, type IpamPoolInput, type NetworkCreateRequest } from '@switchyard/contracts';
import type { Tx } from '../db/client.js';
import type { AddressPool } from '../ipam/address-pools.js';
import { settlePools } from '../ipam/allocator.js';
import { findNetwork } from '../inventory/lookup.js';
import { chooseNode } from '../placement/placement.js';
import { nodeLoads, type NodeLoads } from '../nodes/node-loads.js';
import { readNetwork } from '../inventory/rows.js';
import type { SettledNetwork } from '../drivers/driver.js';
import { driverFor } from '../drivers/registry.js';
import { ServiceError } from '../errors.js';

/** `--config-only`: a template of pools and options for `--config-from`; never realised. */
async function settleConfigOnly(request: NetworkCreateRequest, nodes: NodeLoads): Promise<SettledNetwork> {
  if (request.configFrom !== undefined) {
    throw new ServiceError(
      'BAD_REQUEST',
      'a config-only network cannot itself use --config-from',
      'configFrom',
    );
  }
  const pinned = request.labels[nodeLabel];
  const node = pinned === undefined ? null : chooseNode(nodes, pinned, 'network');
  return {
    // As in Docker, a config-only network has the null driver and local scope.
    driver: 'null',
    scope: 'local',
    nodeId: node?.id ?? null,
    nodeName: node?.name ?? null,
    ipam: settlePools(request.ipam, { taken: [], hostNetworks: [], defaultPools: [] }),
    options: request.options,
    vni: null,
    configOnly: true,
    configFrom: null,
  };
}

/** `--config-from`: pools and options come from the config-only network and from nowhere else. */
async function configFrom(tx: Tx, request: NetworkCreateRequest) {
  if (request.configFrom === undefined) return { ipam: request.ipam, options: request.options, from: null };
  if (request.ipam.length > 0 || Object.keys(request.options).length > 0) {
    throw new ServiceError(
      'BAD_REQUEST',
      'a network with --config-from takes its subnets and options from that network: give neither',
      'configFrom',
    );
  }
  const source = readNetwork(await findNetwork(tx, request.configFrom, 'configFrom'));
  if (!source.configOnly) {
    throw new ServiceError(
      'BAD_REQUEST',
      `network ${source.name} is not a config-only network`,
      'configFrom',
    );
  }
  const ipam: IpamPoolInput[] = source.ipam.map(({ subnet, ipRange, gateway, auxAddresses }) => ({
    subnet,
    ...(ipRange === undefined ? {} : { ipRange }),
    gateway,
    auxAddresses,
  }));
  return { ipam, options: source.options, from: source.name };
}

/** Checks a create request against the cluster and settles the new network's node, pools and VNI. */
export async function settleNetwork(
  tx: Tx,
  request: NetworkCreateRequest,
  id: string,
  pools: AddressPool[],
): Promise<SettledNetwork> {
  const nodes = await nodeLoads(tx);
  if (request.configOnly) return settleConfigOnly(request, nodes);
  const driver = driverFor(request.driver);
  if (driver !== undefined && driver.settle === undefined) {
    // Like Docker's host and null: their one network is predefined.
    throw new ServiceError(
      'CONFLICT',
      `only one instance of "${request.driver}" network is allowed`,
      'driver',
    );
  }
  if (driver?.settle === undefined) {
    throw new ServiceError('BAD_REQUEST', `plugin "${request.driver}" not found`, 'driver');
  }
  if (request.configFrom !== undefined && !driver.takesConfigFrom) {
    throw new ServiceError(
      'BAD_REQUEST',
      `the ${request.driver} driver does not take --config-from`,
      'configFrom',
    );
  }
  const { ipam, options, from } = await configFrom(tx, request);
  return driver.settle({ tx, request, nodes, id, ipam, options, configFrom: from, localPools: pools });
}

/** How the create event describes the new network: its driver, subnets, VNI and where it lives. */
export function describeSettled(settled: SettledNetwork): string {
  const subnets = settled.ipam.map((pool) => pool.subnet).join(', ');
  if (settled.configOnly) return `(config-only, ${subnets})`;
  const where = settled.nodeName === null ? `scope ${settled.scope}` : `on ${settled.nodeName}`;
  const vni = settled.vni === null ? '' : `, VNI ${settled.vni}`;
  return `(${settled.driver}, ${subnets}${vni}) ${where}`;
}
