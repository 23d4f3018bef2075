import type { Ipv4, Vni } from '@switchyard/contracts';
import { ServiceError } from '../errors.js';
import { overlayAddressPools } from '../ipam/address-pools.js';
import { settlePools } from '../ipam/allocator.js';
import { allocateVni, maxVni } from '../ipam/vni.js';
import { allSubnets, underlayNetworks } from '../networks/subnets.js';
import { unmet, type Requirement } from '../placement/requirements.js';
import type { NetworkDriverModel, SettledNetwork, SettleRequest } from './driver.js';
import { checkKnownOptions, readMtu } from './options.js';

export const overlayOptions = {
  mtu: 'com.docker.network.driver.mtu',
  vxlanIdList: 'com.docker.network.driver.overlay.vxlanid_list',
  encrypted: 'encrypted',
} as const;

/** VXLAN over UDP adds 50 bytes to a 1500-byte underlay, so overlays default to 1450. */
export const defaultOverlayMtu = 1450;
export const vxlanPort = 4789;

export interface OverlaySettings {
  mtu: number;
  /** The VNI fixed by `vxlanid_list`, if any. */
  fixedVni: number | undefined;
  /** `-o encrypted`: needs IPsec ESP on every node it lives on. */
  encrypted: boolean;
}

export function resolveOverlayOptions(options: Record<string, string>): OverlaySettings {
  checkKnownOptions('overlay', options, Object.values(overlayOptions));
  const list = options[overlayOptions.vxlanIdList];
  let fixedVni: number | undefined;
  if (list !== undefined) {
    // Docker takes one id per subnet; with one subnet per overlay the first one is the network's.
    const first = list.split(',')[0]?.trim() ?? '';
    fixedVni = Number(first);
    if (!/^\d+$/.test(first) || fixedVni < 1 || fixedVni > maxVni) {
      throw new ServiceError(
        'BAD_REQUEST',
        `invalid VXLAN id "${list}": must be a number from 1 to ${maxVni}`,
        `options.${overlayOptions.vxlanIdList}`,
      );
    }
  }
  // `-o encrypted` arrives as an empty value; anything but an explicit false turns it on.
  const encryptedText = options[overlayOptions.encrypted];
  const encrypted = encryptedText !== undefined && !['false', '0'].includes(encryptedText.toLowerCase());
  return { mtu: readMtu(options, overlayOptions.mtu, defaultOverlayMtu), fixedVni, encrypted };
}

/** VXLAN on every node it lives on, and IPsec ESP too when encrypted. */
function overlayRequirements(network: { name: string; options: Record<string, string> }): Requirement[] {
  const needs: Requirement[] = [
    {
      capability: 'vxlan',
      reason: (node) =>
        `node ${node} cannot realise overlay network ${network.name}: its kernel has no VXLAN support`,
    },
  ];
  if (resolveOverlayOptions(network.options).encrypted) {
    needs.push({
      capability: 'ipsec',
      reason: (node) => `encrypted overlay needs IPsec ESP, which node ${node}'s kernel lacks`,
    });
  }
  return needs;
}

async function settleOverlay({ tx, request, nodes, ipam, options }: SettleRequest): Promise<SettledNetwork> {
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
    const [requirement] = overlayRequirements({ name: request.name, options }).filter(
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
      hostNetworksAvoidance: 'preferred',
      defaultPools: overlayAddressPools,
    }),
    options,
    vni,
    configOnly: false,
    configFrom: null,
  };
}

/** VXLAN across nodes: swarm scope, one VNI, every remote endpoint a static neighbour and FDB entry. */
export const overlayDriver: NetworkDriverModel = {
  name: 'overlay',
  settle: settleOverlay,
  takesConfigFrom: false,
  requirements: overlayRequirements,
  compile: ({ network, nodeName, underlayAddress, remotePeers }) => {
    const { mtu } = resolveOverlayOptions(network.options);
    const vni = network.vni ?? 0;
    const overlay = {
      vni: vni as Vni,
      vxlanPort,
      mtu,
      internal: network.internal,
      netns: `${nodeName}-ov-${vni}`,
      localUnderlay: underlayAddress as Ipv4,
      peers: remotePeers(),
    };
    return { overlay };
  },
  // The way out of an overlay is the sandbox's docker_gwbridge endpoint.
  gatewayRoute: false,
  carriesPublishedPorts: false,
  buildsOnNodes: true,
  networkMode: false,
};
