import { createHash } from 'node:crypto';
import type { DesiredNetwork } from '@switchyard/contracts';
import { endpointAddress } from '../addresses.js';
import { repairEndpointInside } from '../endpoint-repair.js';
import {
  failedEndpoint,
  managedAlias,
  type Attachment,
  type Driver,
  type EndpointInput,
  type EndpointPlan,
  type NetworkContext,
  type NetworkPlan,
} from '../driver.js';
import { parseParent } from './parent.js';

type MacvlanSettings = NonNullable<DesiredNetwork['macvlan']>;

function macvlanSettings(network: DesiredNetwork): MacvlanSettings {
  if (network.macvlan === undefined) throw new Error(`network ${network.name} has no macvlan settings`);
  return network.macvlan;
}

/** The child's name in the host namespace until it is moved into its sandbox and renamed. */
export function macvlanTempName(sandboxId: string, networkId: string): string {
  return `mv${createHash('sha256').update(`${sandboxId}/${networkId}`).digest('hex').slice(0, 7)}`;
}

/** The parent must exist; `eth0.10` is made (and owned) when the kernel has 802.1Q. */
function planParent(network: DesiredNetwork, { host, capabilities }: NetworkContext): NetworkPlan {
  if (network.macvlan === undefined)
    return { lines: [], error: 'the macvlan network has no macvlan settings' };
  const { name, vlan } = parseParent(network.macvlan.parent);
  if (host.has(name)) return { lines: [] };
  if (vlan === undefined) return { lines: [], error: `parent interface ${name} does not exist on this node` };
  if (capabilities !== undefined && !capabilities.has('8021q')) {
    return { lines: [], error: `kernel has no 802.1Q support: cannot create parent ${name}` };
  }
  if (!host.has(vlan.base)) {
    return { lines: [], error: `parent interface ${vlan.base} of ${name} does not exist on this node` };
  }
  return {
    lines: [
      `link add link ${vlan.base} name ${name} type vlan id ${vlan.id}`,
      `link set ${name} alias ${managedAlias}`,
      `link set ${name} up`,
    ],
  };
}

/** Passthru hands the whole parent to one child: the first such endpoint in the document wins. */
function passthruOwner(parent: string, attachments: readonly Attachment[]): Attachment | undefined {
  return attachments.find(
    ({ network }) => network.macvlan?.mode === 'passthru' && network.macvlan.parent === parent,
  );
}

function planChild(input: EndpointInput): EndpointPlan {
  const { sandbox, endpoint, network, host, inside, attachments } = input;
  const { parent, mode, mtu } = macvlanSettings(network);
  if (mode === 'passthru') {
    const owner = passthruOwner(parent, attachments);
    if (owner !== undefined && (owner.sandbox.id !== sandbox.id || owner.network.id !== network.id)) {
      return failedEndpoint(`passthru mode allows one container per parent ${parent}`);
    }
  }
  const name = endpoint.interfaceName;
  const temp = macvlanTempName(sandbox.id, network.id);
  const inner = inside.get(name);
  const address = endpointAddress(endpoint);
  const mtuWords = mtu === null ? '' : ` mtu ${mtu}`;

  if (inner?.kind !== 'macvlan') {
    return {
      insideBefore: inner === undefined ? [] : [`link del ${name}`],
      spaceBefore: [],
      host: [
        ...(host.has(temp) ? [`link del ${temp}`] : []),
        `link add link ${parent} name ${temp} type macvlan mode ${mode}`,
        `link set ${temp} netns ${sandbox.netns}`,
      ],
      space: [],
      inside: [
        `link set ${temp} name ${name}`,
        `link set ${name} address ${endpoint.mac}${mtuWords}`,
        `addr add ${address} dev ${name}`,
        `link set ${name} up`,
      ],
      touched: true,
    };
  }
  const lines = repairEndpointInside(inner, endpoint, mtu);
  return { insideBefore: [], spaceBefore: [], host: [], space: [], inside: lines, touched: lines.length > 0 };
}

/** `macvlan`: each endpoint is a macvlan child of the parent, moved into its sandbox. */
export const macvlanDriver: Driver = {
  networkNamespace: () => undefined,
  networkLinks: (network) => {
    if (network.macvlan === undefined) return [];
    const { name, vlan } = parseParent(network.macvlan.parent);
    return vlan === undefined ? [] : [name];
  },
  planNetwork: planParent,
  // The child leaves the host namespace at once: nothing stays behind to own.
  endpointLinks: () => [],
  planEndpoint: planChild,
  gateway: (_network, endpoint) => endpoint.gateway,
};
