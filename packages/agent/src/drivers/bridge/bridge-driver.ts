import type { DesiredEndpoint, DesiredNetwork } from '@switchyard/contracts';
import type { LinkState } from '../../osl/links.js';
import {
  isManaged,
  managedAlias,
  type Driver,
  type EndpointInput,
  type EndpointPlan,
  type NetworkContext,
} from '../driver.js';
import { hostVethName } from '../names.js';
import { repairEndpointInside } from '../endpoint-repair.js';
import { endpointAddress, gatewayAddresses, sameList } from '../addresses.js';

function bridgeSettings(network: DesiredNetwork) {
  if (network.bridge === undefined) throw new Error(`network ${network.name} has no bridge settings`);
  return network.bridge;
}

function planBridge(network: DesiredNetwork, { host }: NetworkContext) {
  const { interfaceName: name, mtu } = bridgeSettings(network);
  const link = host.get(name);
  if (link !== undefined && (link.kind !== 'bridge' || !isManaged(link))) {
    const what =
      link.kind === 'bridge' ? 'a bridge switchyard did not create' : `a ${link.kind ?? 'plain'} link`;
    return { lines: [], error: `interface name ${name} is taken by ${what}` };
  }
  const lines: string[] = [];
  // nf_call_iptables makes bridged traffic pass the forward filter (icc) and conntrack (hairpin).
  if (link === undefined) {
    lines.push(`link add ${name} type bridge nf_call_iptables 1`, `link set ${name} alias ${managedAlias}`);
  }
  if (link === undefined || link.mtu !== mtu || !link.up) lines.push(`link set ${name} mtu ${mtu} up`);
  const addresses = gatewayAddresses(network);
  if (!sameList(link?.addresses ?? [], addresses)) {
    if (link !== undefined && link.addresses.length > 0) lines.push(`addr flush dev ${name}`);
    lines.push(...addresses.map((address) => `addr add ${address} dev ${name}`));
  }
  return { lines };
}

function vethIsRight(link: LinkState | undefined, bridge: string, mtu: number): boolean {
  return link !== undefined && link.master === bridge && link.mtu === mtu && link.up && link.hairpin === true;
}

function planVeth(input: EndpointInput): EndpointPlan {
  const { sandbox, endpoint, network, host, inside } = input;
  const { interfaceName: bridge, mtu } = bridgeSettings(network);
  const veth = hostVethName(sandbox.id, network.id);
  const outer = host.get(veth);
  const inner = inside.get(endpoint.interfaceName);
  const address = endpointAddress(endpoint);
  const attach = [
    `link set ${veth} master ${bridge} mtu ${mtu} up`,
    `link set dev ${veth} type bridge_slave hairpin on`,
  ];

  const paired = outer?.kind === 'veth' && outer !== undefined && isManaged(outer) && inner?.kind === 'veth';
  if (!paired) {
    return {
      insideBefore: inner === undefined ? [] : [`link del ${endpoint.interfaceName}`],
      spaceBefore: [],
      space: [],
      host: [
        ...(outer === undefined ? [] : [`link del ${veth}`]),
        `link add ${veth} mtu ${mtu} type veth peer name ${endpoint.interfaceName} address ${endpoint.mac} mtu ${mtu} netns ${sandbox.netns}`,
        `link set ${veth} alias ${managedAlias}`,
        ...attach,
      ],
      inside: [`addr add ${address} dev ${endpoint.interfaceName}`, `link set ${endpoint.interfaceName} up`],
      touched: true,
    };
  }
  const insideLines = repairEndpointInside(inner, endpoint, mtu);
  return {
    insideBefore: [],
    spaceBefore: [],
    space: [],
    host: vethIsRight(outer, bridge, mtu) ? [] : attach,
    inside: insideLines,
    touched: insideLines.length > 0,
  };
}

/** `bridge`: a Linux bridge holding the gateways, a veth per endpoint with hairpin on its bridge port. */
export const bridgeDriver: Driver = {
  networkNamespace: () => undefined,
  networkLinks: (network) => [bridgeSettings(network).interfaceName],
  planNetwork: planBridge,
  endpointLinks: (sandbox, endpoint: DesiredEndpoint) => [hostVethName(sandbox.id, endpoint.networkId)],
  planEndpoint: planVeth,
  // An internal network has no way out, so it offers no default route (as in Docker).
  gateway: (network, endpoint) => (bridgeSettings(network).internal ? null : endpoint.gateway),
};
