import type { DesiredNetwork } from '@switchyard/contracts';
import { overlayBridge } from '../drivers/names.js';
import type { LinkState } from '../osl/links.js';

/** A leg's end inside the overlay's namespace: one per network for each use, so a fixed name. */
export const ingressPeerName = 'ingress-peer';
export const meshPeerName = 'hrm-peer';

/** The host's address on an overlay network (the ingress endpoint, a mesh link). */
export interface LegEndpoint {
  interfaceName: string;
  address: string;
  prefixLength: number;
  mac: string;
}

export interface HostLeg {
  endpoint: LegEndpoint;
  overlay: Pick<NonNullable<DesiredNetwork['overlay']>, 'netns' | 'mtu'>;
}

export interface HostLegPlan {
  /** `ip` lines in the host namespace. */
  host: string[];
  /** `ip` lines in overlay namespaces, after `host`. */
  spaces: { netns: string; lines: string[] }[];
}

/**
 * The host's legs into overlay networks: each a veth from the host namespace
 * (`endpoint.interfaceName`, with its address and MAC) to `br0` in the overlay's namespace, where
 * its end is `peerName`. A leg is recreated whole when anything about it differs; nothing happens
 * when it is right. `previous` are the interfaces the agent made before: those not wanted go.
 */
export function planHostLegs(
  legs: readonly HostLeg[],
  peerName: string,
  host: readonly LinkState[],
  previous: readonly string[],
): HostLegPlan {
  const existing = (name: string) => host.find((link) => link.name === name);
  const wanted = new Set(legs.map((leg) => leg.endpoint.interfaceName));
  const plan: HostLegPlan = {
    host: previous
      .filter((name) => !wanted.has(name) && existing(name) !== undefined)
      .map((name) => `link del ${name}`),
    spaces: [],
  };
  for (const { endpoint, overlay } of legs) {
    const { netns, mtu } = overlay;
    const name = endpoint.interfaceName;
    const address = `${endpoint.address}/${endpoint.prefixLength}`;
    const link = existing(name);
    const right =
      link?.kind === 'veth' &&
      link.mac === endpoint.mac &&
      link.mtu === mtu &&
      link.up &&
      link.addresses.length === 1 &&
      link.addresses[0] === address;
    if (right) continue;
    plan.host.push(
      ...(link === undefined ? [] : [`link del ${name}`]),
      `link add ${name} address ${endpoint.mac} mtu ${mtu} type veth peer name ${peerName} mtu ${mtu} netns ${netns}`,
      `addr add ${address} dev ${name}`,
      `link set ${name} up`,
    );
    plan.spaces.push({ netns, lines: [`link set ${peerName} master ${overlayBridge} up`] });
  }
  return plan;
}
