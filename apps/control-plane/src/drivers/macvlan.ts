import { nodeLabel, isInterfaceName } from '@switchyard/contracts';
import { ServiceError } from '../errors.js';
import { settlePools } from '../ipam/allocator.js';
import { readNetwork } from '../inventory/rows.js';
import { subnetsOf } from '../networks/subnets.js';
import { chooseNode } from '../placement/placement.js';
import type { Requirement } from '../placement/requirements.js';
import type { NetworkDriverModel, SettledNetwork, SettleRequest } from './driver.js';
import { checkKnownOptions, readMtu } from './options.js';

export const macvlanOptions = {
  parent: 'parent',
  mode: 'macvlan_mode',
  mtu: 'com.docker.network.driver.mtu',
} as const;

export const macvlanModes = ['bridge', 'private', 'vepa', 'passthru'] as const;
export type MacvlanMode = (typeof macvlanModes)[number];

/** In the lab (and on most hosts) the underlay link is eth0: the parent when none is given. */
export const defaultParent = 'eth0';

export interface MacvlanSettings {
  parent: string;
  mode: MacvlanMode;
  mtu: number | null;
}

const isMode = (text: string): text is MacvlanMode => (macvlanModes as readonly string[]).includes(text);

export function resolveMacvlanOptions(options: Record<string, string>): MacvlanSettings {
  checkKnownOptions('macvlan', options, Object.values(macvlanOptions));
  const parent = options[macvlanOptions.parent] ?? defaultParent;
  if (!isInterfaceName(parent)) {
    throw new ServiceError(
      'BAD_REQUEST',
      `invalid parent interface "${parent}": 1-15 letters, digits, "_", "." or "-"`,
      `options.${macvlanOptions.parent}`,
    );
  }
  const mode = options[macvlanOptions.mode] ?? 'bridge';
  if (!isMode(mode)) {
    throw new ServiceError(
      'BAD_REQUEST',
      `requested macvlan mode '${mode}' is not valid, 'bridge' mode is the macvlan driver default`,
      `options.${macvlanOptions.mode}`,
    );
  }
  return { parent, mode, mtu: readMtu(options, macvlanOptions.mtu, null) };
}

/** `eth0.10`: a VLAN sub-interface, which the agent creates with 802.1Q. */
export const isVlanParent = (parent: string): boolean => parent.includes('.');

/** macvlan on the node, and 802.1Q too when the parent is a VLAN sub-interface. */
function macvlanRequirements(network: { name: string; options: Record<string, string> }): Requirement[] {
  const { parent } = resolveMacvlanOptions(network.options);
  const needs: Requirement[] = [
    {
      capability: 'macvlan',
      reason: (node) =>
        `node ${node} cannot realise macvlan network ${network.name}: its kernel has no macvlan support`,
    },
  ];
  if (isVlanParent(parent)) {
    needs.push({
      capability: '8021q',
      reason: (node) => `kernel has no 802.1Q support (node ${node}): cannot use parent ${parent}`,
    });
  }
  return needs;
}

async function settleMacvlan(settle: SettleRequest): Promise<SettledNetwork> {
  const { tx, request, nodes, ipam, options } = settle;
  const { parent } = resolveMacvlanOptions(options);
  if (ipam.length === 0) {
    throw new ServiceError(
      'BAD_REQUEST',
      `macvlan network ${request.name} needs --subnet (and --gateway) of the underlay its parent ${parent} is on`,
      'ipam',
    );
  }
  const scope = request.scope ?? 'local';
  const requirements = macvlanRequirements({ name: request.name, options });
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
      `network dm-${clash.id.slice(0, 12)} (${clash.name}) is already using parent interface ${parent}`,
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
      taken: others.flatMap(subnetsOf),
      hostNetworks: [],
      defaultPools: [],
    }),
    options,
    vni: null,
    configOnly: false,
    configFrom: settle.configFrom,
  };
}

/** Children of a host interface on the underlay: local or swarm scope, pools given by the user. */
export const macvlanDriver: NetworkDriverModel = {
  name: 'macvlan',
  settle: settleMacvlan,
  takesConfigFrom: true,
  requirements: macvlanRequirements,
  compile: ({ network }) => ({ macvlan: resolveMacvlanOptions(network.options) }),
  gatewayRoute: true,
  carriesPublishedPorts: false,
  buildsOnNodes: true,
  networkMode: false,
};
