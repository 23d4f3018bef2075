import type { DesiredNetwork, DesiredState } from '@switchyard/contracts';
import { overlayBridge } from '../drivers/overlay/overlay-driver.js';
import type { LinkState } from '../osl/links.js';

type Ingress = NonNullable<DesiredState['ingress']>;

/** The ingress veth's end inside the ingress network's namespace (one per host, so a fixed name). */
export const ingressPeerName = 'ingress-peer';

export interface IngressLinkPlan {
  /** `ip` lines in the host namespace. */
  host: string[];
  /** `ip` lines in the ingress network's namespace, after `host`. */
  space: string[];
}

/**
 * The host's leg into the ingress overlay: a veth from the host namespace (`endpoint.interfaceName`,
 * with its address and MAC) to `br0` in the overlay's namespace. Recreated whole when anything about
 * it differs; nothing when it is right. `previous` is the interface the agent made before, if any.
 */
export function planIngressLink(
  ingress: Ingress | null,
  network: DesiredNetwork | undefined,
  host: readonly LinkState[],
  previous: string | undefined,
): IngressLinkPlan {
  const existing = (name: string | undefined) => host.find((link) => link.name === name);
  if (ingress === null || network?.overlay === undefined) {
    return { host: existing(previous) === undefined ? [] : [`link del ${previous}`], space: [] };
  }
  const { endpoint } = ingress;
  const { netns, mtu } = network.overlay;
  const address = `${endpoint.address}/${endpoint.prefixLength}`;
  const link = existing(endpoint.interfaceName);
  const right =
    link?.kind === 'veth' &&
    link.mac === endpoint.mac &&
    link.mtu === mtu &&
    link.up &&
    link.addresses.length === 1 &&
    link.addresses[0] === address;
  const stale =
    previous !== endpoint.interfaceName && existing(previous) !== undefined ? [`link del ${previous}`] : [];
  if (right) return { host: stale, space: [] };
  return {
    host: [
      ...stale,
      ...(link === undefined ? [] : [`link del ${endpoint.interfaceName}`]),
      `link add ${endpoint.interfaceName} address ${endpoint.mac} mtu ${mtu} type veth peer name ${ingressPeerName} mtu ${mtu} netns ${netns}`,
      `addr add ${address} dev ${endpoint.interfaceName}`,
      `link set ${endpoint.interfaceName} up`,
    ],
    space: [`link set ${ingressPeerName} master ${overlayBridge} up`],
  };
}
