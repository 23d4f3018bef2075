import { cidrSchema, numberToIpv4, parseCidr, type Cidr, type Ipv4 } from '@switchyard/contracts';

export interface LabOptionsInput {
  prefix: string;
  hosts: number;
  subnet: string;
}

export interface LabHostPlan {
  index: number;
  /** Node name and namespace name alike: `<prefix>-host<i>`. */
  name: string;
  /** The host's end of its veth inside the underlay namespace. */
  underlayPeer: string;
  address: Ipv4;
}

export interface LabPlan {
  prefix: string;
  subnet: Cidr;
  prefixLength: number;
  underlayNamespace: string;
  bridge: string;
  /** The one link the lab adds to the root namespace, and its peer in the underlay. */
  rootLink: string;
  rootPeer: string;
  rootAddress: Ipv4;
  hosts: LabHostPlan[];
}

/** A lab option that cannot work, naming the option. */
export class LabPlanError extends Error {}

/** Letters and digits only, so `<prefix>-` never matches another lab's names and `<prefix>-root` fits IFNAMSIZ. */
const prefixPattern = /^[a-z][a-z0-9]{0,9}$/;
const firstHostOffset = 11;

export function planLab(input: LabOptionsInput): LabPlan {
  if (!prefixPattern.test(input.prefix)) {
    throw new LabPlanError(
      `--prefix must be 1-10 lower-case letters and digits starting with a letter, got "${input.prefix}"`,
    );
  }
  const parsedSubnet = cidrSchema.safeParse(input.subnet);
  if (!parsedSubnet.success)
    throw new LabPlanError(`--subnet ${parsedSubnet.error.issues[0]?.message ?? 'is invalid'}`);
  const block = parseCidr(parsedSubnet.data);
  if (block.prefixLength < 16 || block.prefixLength > 28) {
    throw new LabPlanError(
      `--subnet must be a small block between /16 and /28 (a /24 is usual), got "${input.subnet}"`,
    );
  }
  const maxHosts = block.last - block.first - firstHostOffset;
  if (!Number.isInteger(input.hosts) || input.hosts < 1 || input.hosts > Math.min(maxHosts, 200)) {
    throw new LabPlanError(
      `--hosts must be a whole number from 1 to ${Math.min(maxHosts, 200)}, got "${input.hosts}"`,
    );
  }
  const subnet = `${block.network}/${block.prefixLength}` as Cidr;
  const hosts = Array.from({ length: input.hosts }, (_, i): LabHostPlan => ({
    index: i + 1,
    name: `${input.prefix}-host${i + 1}`,
    underlayPeer: `h${i + 1}`,
    address: numberToIpv4(block.first + firstHostOffset + i),
  }));
  return {
    prefix: input.prefix,
    subnet,
    prefixLength: block.prefixLength,
    underlayNamespace: `${input.prefix}-underlay`,
    bridge: 'br0',
    rootLink: `${input.prefix}-root`,
    rootPeer: 'root',
    rootAddress: numberToIpv4(block.first + 1),
    hosts,
  };
}

/** Namespaces and the root veth; its peer lands straight in the underlay namespace. */
export function rootBatch(plan: LabPlan): string[] {
  return [
    `netns add ${plan.underlayNamespace}`,
    ...plan.hosts.map((host) => `netns add ${host.name}`),
    `link add ${plan.rootLink} type veth peer name ${plan.rootPeer} netns ${plan.underlayNamespace}`,
    `address add ${plan.rootAddress}/${plan.prefixLength} dev ${plan.rootLink}`,
    `link set ${plan.rootLink} up`,
  ];
}

/** The underlay switch: a bridge with every host's veth and the root's peer as ports. */
export function underlayBatch(plan: LabPlan): string[] {
  return [
    'link set lo up',
    `link add ${plan.bridge} type bridge`,
    `link set ${plan.bridge} up`,
    ...plan.hosts.flatMap((host) => [
      `link add ${host.underlayPeer} type veth peer name eth0 netns ${host.name}`,
      `link set ${host.underlayPeer} master ${plan.bridge}`,
      `link set ${host.underlayPeer} up`,
    ]),
    `link set ${plan.rootPeer} master ${plan.bridge}`,
    `link set ${plan.rootPeer} up`,
  ];
}

/** A host gets only its underlay address: no default route, it reaches nothing beyond the subnet. */
export function hostBatch(plan: LabPlan, host: LabHostPlan): string[] {
  return ['link set lo up', `address add ${host.address}/${plan.prefixLength} dev eth0`, 'link set eth0 up'];
}

/**
 * Sysctls the lab relies on, set explicitly because a fresh namespace copies whatever the root has:
 * the underlay is a plain switch that must never route, and hosts forward for their sandboxes.
 */
export function labSysctls(bridgeNetfilter: boolean): {
  underlay: Record<string, string>;
  host: Record<string, string>;
} {
  const underlay: Record<string, string> = {
    'net.ipv4.ip_forward': '0',
    'net.ipv6.conf.all.disable_ipv6': '1',
    'net.ipv6.conf.default.disable_ipv6': '1',
  };
  // Keeps bridged underlay frames out of the underlay's own netfilter hooks (br_netfilter defaults to 1).
  if (bridgeNetfilter) underlay['net.bridge.bridge-nf-call-iptables'] = '0';
  return { underlay, host: { 'net.ipv4.ip_forward': '1' } };
}
