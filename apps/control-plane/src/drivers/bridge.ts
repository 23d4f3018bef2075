import { bridgeOptions, ipv4Schema, nodeLabel, type Ipv4, isInterfaceName } from '@switchyard/contracts';
import type { Tx } from '../db/client.js';
import { ServiceError } from '../errors.js';
import { settlePools } from '../ipam/allocator.js';
import { readHostNetworks, readNetwork } from '../inventory/rows.js';
import { allSubnets } from '../networks/subnets.js';
import { chooseNode } from '../placement/placement.js';
import type { NetworkDriverModel, SettledNetwork, SettleRequest } from './driver.js';

/** Docker's bridge options, resolved with their defaults: what the agent's bridge driver is given. */
export interface BridgeSettings {
  interfaceName: string;
  mtu: number;
  icc: boolean;
  masquerade: boolean;
  hostBindingIpv4: Ipv4;
}

const known = new Set<string>(Object.values(bridgeOptions));
const booleans: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

function readBool(options: Record<string, string>, key: string, fallback: boolean): boolean {
  const text = options[key];
  if (text === undefined) return fallback;
  const value = booleans[text.toLowerCase()];
  if (value === undefined) {
    throw new ServiceError(
      'BAD_REQUEST',
      `invalid value "${text}" for ${key}: must be true or false`,
      `options.${key}`,
    );
  }
  return value;
}

/** The predefined `bridge` is `docker0`; others are `br-` and the first 12 hex digits of their id. */
export function defaultBridgeName(networkId: string, predefined: boolean): string {
  return predefined ? 'docker0' : `br-${networkId.slice(0, 12)}`;
}

/** Validates the options and fills in Docker's defaults; a refusal names the option. */
export function resolveBridgeOptions(
  options: Record<string, string>,
  networkId: string,
  predefined: boolean,
): BridgeSettings {
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new ServiceError(
        'BAD_REQUEST',
        `unknown option ${key} for the bridge driver (known: ${[...known].join(', ')})`,
        `options.${key}`,
      );
    }
  }
  const interfaceName = options[bridgeOptions.name] ?? defaultBridgeName(networkId, predefined);
  if (!isInterfaceName(interfaceName)) {
    throw new ServiceError(
      'BAD_REQUEST',
      `invalid bridge name "${interfaceName}": 1-15 letters, digits, "_", "." or "-"`,
      `options.${bridgeOptions.name}`,
    );
  }
  const mtuText = options[bridgeOptions.mtu] ?? '1500';
  const mtu = Number(mtuText);
  if (!/^\d+$/.test(mtuText) || mtu < 68 || mtu > 65_535) {
    throw new ServiceError(
      'BAD_REQUEST',
      `invalid MTU "${mtuText}": must be a number from 68 to 65535`,
      `options.${bridgeOptions.mtu}`,
    );
  }
  const binding = ipv4Schema.safeParse(options[bridgeOptions.hostBindingIpv4] ?? '0.0.0.0');
  if (!binding.success) {
    throw new ServiceError(
      'BAD_REQUEST',
      `invalid host binding address "${options[bridgeOptions.hostBindingIpv4]}": must be an IPv4 address`,
      `options.${bridgeOptions.hostBindingIpv4}`,
    );
  }
  return {
    interfaceName,
    mtu,
    icc: readBool(options, bridgeOptions.enableIcc, true),
    masquerade: readBool(options, bridgeOptions.enableIpMasquerade, true),
    hostBindingIpv4: binding.data,
  };
}

/** Bridge names must differ on one node (the default bridge, docker0, is on every node). */
async function checkBridgeName(tx: Tx, nodeId: string, interfaceName: string): Promise<void> {
  const rows = await tx.network.findMany({
    where: { driver: 'bridge', OR: [{ nodeId }, { predefined: true }] },
  });
  const clash = rows
    .map(readNetwork)
    .find(
      (other) =>
        resolveBridgeOptions(other.options, other.id, other.predefined).interfaceName === interfaceName,
    );
  if (clash !== undefined) {
    throw new ServiceError(
      'CONFLICT',
      `bridge name ${interfaceName} is already used by network ${clash.name}`,
      'options.com.docker.network.bridge.name',
    );
  }
}

async function settleBridge({ tx, request, nodes, id, localPools }: SettleRequest): Promise<SettledNetwork> {
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
      defaultPools: localPools,
    }),
    options: request.options,
    vni: null,
    configOnly: false,
    configFrom: null,
  };
}

/** A Linux bridge on one node: local scope, NAT out through the host. */
export const bridgeDriver: NetworkDriverModel = {
  name: 'bridge',
  settle: settleBridge,
  takesConfigFrom: false,
  requirements: () => [],
  compile: ({ network }) => {
    const bridge = resolveBridgeOptions(network.options, network.id, network.predefined);
    return { bridge: { ...bridge, internal: network.internal } };
  },
  gatewayRoute: true,
  carriesPublishedPorts: true,
  buildsOnNodes: true,
  networkMode: false,
};
