import type { DesiredNetwork } from '@switchyard/contracts';
import type { LinkState } from '../../osl/links.js';
import { endpointAddress, gatewayAddresses, sameList } from '../addresses.js';
import {
  isManaged,
  linkView,
  managedAlias,
  type Driver,
  type EndpointInput,
  type EndpointPlan,
  type NetworkContext,
  type NetworkPlan,
} from '../driver.js';
import { hostVethName, overlayBridge } from '../names.js';
import { repairEndpointInside } from '../endpoint-repair.js';
import { planPeerChange, planPeers } from './peers.js';

/** The VXLAN link: `vx-` + VNI fits 15 characters for any 24-bit VNI. */
export function vxlanName(vni: number): string {
  return `vx-${vni}`;
}

type OverlaySettings = NonNullable<DesiredNetwork['overlay']>;

function overlaySettings(network: DesiredNetwork): OverlaySettings {
  if (network.overlay === undefined) throw new Error(`network ${network.name} has no overlay settings`);
  return network.overlay;
}

function vxlanIsRight(link: LinkState | undefined, overlay: OverlaySettings): boolean {
  const info = link?.vxlan;
  return (
    info !== undefined &&
    info.id === overlay.vni &&
    info.port === overlay.vxlanPort &&
    info.local === overlay.localUnderlay &&
    !info.learning &&
    // `proxy` cannot be changed after creation: a link without it is made again.
    info.proxy
  );
}

function planBr0(network: DesiredNetwork, br0: LinkState | undefined, mtu: number): string[] {
  const lines: string[] = [];
  if (br0 === undefined) lines.push(`link add ${overlayBridge} type bridge`);
  if (br0 === undefined || br0.mtu !== mtu || !br0.up) lines.push(`link set ${overlayBridge} mtu ${mtu} up`);
  const addresses = gatewayAddresses(network);
  if (!sameList(br0?.addresses ?? [], addresses)) {
    if (br0 !== undefined && br0.addresses.length > 0) lines.push(`addr flush dev ${overlayBridge}`);
    lines.push(...addresses.map((address) => `addr add ${address} dev ${overlayBridge}`));
  }
  return lines;
}

/**
 * The network's namespace holds `br0` (gateway addresses) and the VXLAN link. The link is created in
 * the host namespace, so its UDP socket stays on the underlay, then moved in. Every remote endpoint
 * is a static neighbour (answered by `proxy`) and FDB entry: nothing is learnt or flooded.
 */
function planOverlay(network: DesiredNetwork, { host, space }: NetworkContext): NetworkPlan {
  const { overlay } = network;
  if (overlay === undefined) return { lines: [], error: 'the overlay network has no overlay settings' };
  const vx = vxlanName(overlay.vni);
  const links = linkView(space?.links ?? []);
  const stray = host.get(vx);
  if (stray !== undefined && stray.vxlan?.id !== overlay.vni) {
    return { lines: [], error: `interface name ${vx} is taken in the host namespace` };
  }
  const current = links.get(vx);
  const keep = vxlanIsRight(current, overlay);
  const spaceBefore = current !== undefined && !keep ? [`link del ${vx}`] : [];
  // A VXLAN link left in the host namespace (its move failed) is made again.
  const hostLines = keep
    ? []
    : [
        ...(stray === undefined ? [] : [`link del ${vx}`]),
        `link add ${vx} type vxlan id ${overlay.vni} dstport ${overlay.vxlanPort} local ${overlay.localUnderlay} nolearning proxy`,
        `link set ${vx} netns ${overlay.netns}`,
      ];
  const spaceLines = planBr0(network, links.get(overlayBridge), overlay.mtu);
  const attached = keep && current?.master === overlayBridge && current.mtu === overlay.mtu && current.up;
  if (!attached) spaceLines.push(`link set ${vx} master ${overlayBridge} mtu ${overlay.mtu} up`);
  // A new VXLAN link has no entries: whatever was read belonged to the one it replaces.
  const peers = planPeers(
    vx,
    overlay.peers,
    keep ? (space?.neighbours ?? []) : [],
    keep ? (space?.fdb ?? []) : [],
  );
  spaceLines.push(...peers.neigh);
  return { lines: hostLines, spaceBefore, space: spaceLines, fdb: peers.fdb };
}

/** A veth from the sandbox to `br0` in the network's namespace, at the overlay's MTU. */
function planOverlayEndpoint(input: EndpointInput): EndpointPlan {
  const { sandbox, endpoint, network, inside, space } = input;
  const overlay = overlaySettings(network);
  const veth = hostVethName(sandbox.id, network.id);
  const outer = space.get(veth);
  const inner = inside.get(endpoint.interfaceName);
  const address = endpointAddress(endpoint);
  const attach = `link set ${veth} master ${overlayBridge} mtu ${overlay.mtu} up`;
  const { mtu } = overlay;

  if (outer?.kind !== 'veth' || inner?.kind !== 'veth') {
    return {
      insideBefore: inner === undefined ? [] : [`link del ${endpoint.interfaceName}`],
      spaceBefore: outer === undefined ? [] : [`link del ${veth}`],
      host: [
        `link add ${veth} mtu ${mtu} netns ${overlay.netns} type veth peer name ${endpoint.interfaceName} address ${endpoint.mac} mtu ${mtu} netns ${sandbox.netns}`,
      ],
      space: [`link set ${veth} alias ${managedAlias}`, attach],
      inside: [`addr add ${address} dev ${endpoint.interfaceName}`, `link set ${endpoint.interfaceName} up`],
      touched: true,
    };
  }
  const insideLines = repairEndpointInside(inner, endpoint, mtu);
  const outerRight = isManaged(outer) && outer.master === overlayBridge && outer.mtu === mtu && outer.up;
  return {
    insideBefore: [],
    spaceBefore: [],
    host: [],
    space: outerRight ? [] : [`link set ${veth} alias ${managedAlias}`, attach],
    inside: insideLines,
    touched: insideLines.length > 0,
  };
}

/** `overlay`: VXLAN between nodes, Docker's shape (a namespace per network with br0 and the VTEP). */
export const overlayDriver: Driver = {
  networkNamespace: (network) => network.overlay?.netns,
  networkLinks: (network) => (network.overlay === undefined ? [] : [vxlanName(network.overlay.vni)]),
  planNetwork: planOverlay,
  endpointLinks: (sandbox, endpoint) => [hostVethName(sandbox.id, endpoint.networkId)],
  planEndpoint: planOverlayEndpoint,
  // Egress goes through the sandbox's docker_gwbridge endpoint; the overlay offers no way out.
  gateway: () => null,
  planPeerChange: (network, applied) => {
    const before = applied.overlay?.peers;
    if (network.overlay === undefined || before === undefined) return undefined;
    const { netns, vni, peers } = network.overlay;
    return { netns, ...planPeerChange(vxlanName(vni), peers, before) };
  },
};
