import { nodeLabel, type IpamPoolInput } from '@switchyard/contracts';
import type { Tx } from '../db/client.js';
import { overlayAddressPools, type AddressPool } from '../ipam/address-pools.js';
import { settlePools } from '../ipam/allocator.js';
import { allocateVni } from '../ipam/vni.js';
import { findNetwork } from '../inventory/lookup.js';
import { readHostNetworks, readNetwork } from '../inventory/rows.js';
import { chooseNode } from '../placement/placement.js';
import { networkRequirements, unmet } from '../placement/requirements.js';
import { nodeLoads } from '../nodes/node-loads.js';
import { ServiceError } from '../errors.js';
import { resolveBridgeOptions } from '../drivers/bridge.js';
import type { NetworkCreateRequest } from './create-input.js';
import { checkBridgeName } from './bridge-name.js';
import { resolveMacvlanOptions } from '../drivers/macvlan.js';
import { overlayOptions, resolveOverlayOptions } from '../drivers/overlay.js';
import { allSubnets, underlayNetworks } from './subnets.js';

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

type Nodes = Awaited<ReturnType<typeof nodeLoads>>;

/** `--config-only`: a template of pools and options for `--config-from`; never realised. */
async function settleConfigOnly(request: NetworkCreateRequest, nodes: Nodes): Promise<SettledNetwork> {
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

async function settleOverlay(
  tx: Tx,
  request: NetworkCreateRequest,
  nodes: Nodes,
  ipam: IpamPoolInput[],
  options: Record<string, string>,
): Promise<SettledNetwork> {
  if (request.scope === 'local') {
    throw new ServiceError(
      'BAD_REQUEST',
      'overlay networks are swarm scope: --scope local is not allowed',
      'scope',
    );
  }
  const settings = resolveOverlayOptions(options);
  if (settings.encrypted) {
    // Never created unencrypted: every node it might live on must do IPsec ESP.
    const [requirement] = networkRequirements({ name: request.name, driver: 'overlay', options }).filter(
      (candidate) => candidate.capability === 'ipsec',
    );
    const lacking = nodes.find(
      (node) => requirement !== undefined && unmet(node.capabilities, [requirement]),
    );
    if (requirement !== undefined && lacking !== undefined) {
      throw new ServiceError(
        'BAD_REQUEST',
        requirement.reason(lacking.name),
        `options.${overlayOptions.encrypted}`,
      );
    }
  }
  const held = await tx.network.findMany({
    where: { vni: { not: null } },
    select: { vni: true, name: true },
  });
  const vni = allocateVni(
    new Map(held.map((row) => [row.vni ?? 0, row.name])),
    settings.fixedVni,
    `options.${overlayOptions.vxlanIdList}`,
  );
  return {
    driver: 'overlay',
    scope: 'swarm',
    nodeId: null,
    nodeName: null,
    ipam: settlePools(ipam, {
      taken: await allSubnets(tx),
      hostNetworks: underlayNetworks(nodes),
      defaultPools: overlayAddressPools,
    }),
    options,
    vni,
    configOnly: false,
    configFrom: null,
  };
}

async function settleMacvlan(
  tx: Tx,
  request: NetworkCreateRequest,
  nodes: Nodes,
  ipam: IpamPoolInput[],
  options: Record<string, string>,
  from: string | null,
): Promise<SettledNetwork> {
  const { parent } = resolveMacvlanOptions(options);
  if (ipam.length === 0) {
    throw new ServiceError(
      'BAD_REQUEST',
      `macvlan network ${request.name} needs --subnet (and --gateway) of the underlay its parent ${parent} is on`,
      'ipam',
    );
  }
  const scope = request.scope ?? 'local';
  const requirements = networkRequirements({ name: request.name, driver: 'macvlan', options });
  const node =
    scope === 'local'
      ? chooseNode(nodes, request.labels[nodeLabel], 'network', requirements, 'options.parent')
      : null;
  const rows = (await tx.network.findMany({ where: { driver: 'macvlan', configOnly: false } })).map(
    readNetwork,
  );
  // A local macvlan shares its parent with networks of its node and with swarm ones that may land there.
  const near = rows.filter((other) => node === null || other.nodeId === null || other.nodeId === node.id);
  const clash = near.find((other) => resolveMacvlanOptions(other.options).parent === parent);
  if (clash !== undefined) {
    throw new ServiceError(
      'CONFLICT',
      `network dm-${clash.id.slice(0, 12)} is already using parent interface ${parent}`,
      'options.parent',
    );
  }
  // The same underlay subnet may serve local macvlans on other nodes: only nearby ones clash.
  const far = new Set(rows.filter((other) => !near.includes(other)).map((other) => other.id));
  const others = (await tx.network.findMany({ where: { configOnly: false } })).filter(
    (row) => !far.has(row.id),
  );
  return {
    driver: 'macvlan',
    scope,
    nodeId: node?.id ?? null,
    nodeName: node?.name ?? null,
    ipam: settlePools(ipam, {
      taken: others.flatMap((row) => readNetwork(row).ipam.map((pool) => pool.subnet)),
      hostNetworks: [],
      defaultPools: [],
    }),
    options,
    vni: null,
    configOnly: false,
    configFrom: from,
  };
}

async function settleBridge(
  tx: Tx,
  request: NetworkCreateRequest,
  nodes: Nodes,
  id: string,
  pools: AddressPool[],
): Promise<SettledNetwork> {
  if (request.scope === 'swarm') {
    throw new ServiceError(
      'BAD_REQUEST',
      'bridge networks are local scope: --scope swarm is not allowed',
      'scope',
    );
  }
  const bridge = resolveBridgeOptions(request.options, id, false);
  const node = chooseNode(nodes, request.labels[nodeLabel], 'network');
  await checkBridgeName(tx, node.id, bridge.interfaceName);
  return {
    driver: 'bridge',
    scope: 'local',
    nodeId: node.id,
    nodeName: node.name,
    ipam: settlePools(request.ipam, {
      taken: await allSubnets(tx),
      hostNetworks: readHostNetworks(nodes.find((n) => n.id === node.id)?.hostNetworks ?? '[]'),
      defaultPools: pools,
    }),
    options: request.options,
    vni: null,
    configOnly: false,
    configFrom: null,
  };
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
  const driver = request.driver;
  if (driver === 'host' || driver === 'null') {
    throw new ServiceError('CONFLICT', `only one instance of "${driver}" network is allowed`, 'driver');
  }
  if (driver !== 'bridge' && driver !== 'overlay' && driver !== 'macvlan') {
    throw new ServiceError('BAD_REQUEST', `plugin "${driver}" not found`, 'driver');
  }
  if (request.configFrom !== undefined && driver !== 'macvlan') {
    throw new ServiceError('BAD_REQUEST', `the ${driver} driver does not take --config-from`, 'configFrom');
  }
  const { ipam, options, from } = await configFrom(tx, request);
  if (driver === 'overlay') return settleOverlay(tx, request, nodes, ipam, options);
  if (driver === 'macvlan') return settleMacvlan(tx, request, nodes, ipam, options, from);
  return settleBridge(tx, request, nodes, id, pools);
}
