import {
  cidrContains,
  cidrsOverlap,
  ipv4ToNumber,
  numberToIpv4,
  parseCidr,
  type Cidr,
  type IpamPool,
  type IpamPoolInput,
  type Ipv4,
  type Mac,
} from '@switchyard/contracts';
import { ServiceError } from '../errors.js';
import { poolRanges, type AddressPool } from './address-pools.js';

/** A subnet an existing network holds, with that network's name for a refusal to point at. */
export interface TakenSubnet {
  subnet: Cidr;
  network: string;
}

/** What a new network's subnets must stay clear of. */
export interface SubnetContext {
  /** Subnets of every existing network. */
  taken: TakenSubnet[];
  /** The target node's own addresses and routes: only default-pool picks avoid them, as in Docker. */
  hostNetworks: Cidr[];
  /**
   * `strict` (a node's local network: bridge, gwbridge): the node's subnets are never picked.
   * `preferred` (an overlay, where hostNetworks are what every node reported): they are avoided
   * while the pool allows, so what a node reports can steer a pick but never use the pool up.
   */
  hostNetworksAvoidance?: 'strict' | 'preferred';
  defaultPools: AddressPool[];
}

function firstUsable(subnet: Cidr): Ipv4 {
  return numberToIpv4(parseCidr(subnet).first + 1);
}

function checkInside(subnet: Cidr, address: Ipv4, field: string, what: string): void {
  if (!cidrContains(subnet, address)) {
    throw new ServiceError('BAD_REQUEST', `${what} ${address} does not belong to subnet ${subnet}`, field);
  }
}

/**
 * Blocks no container network may take (RFC 6890): a bridge holding 127.0.0.1 would shadow the
 * host's loopback, and "this network", multicast and class E addresses are no one's to assign.
 */
const reservedBlocks: { cidr: Cidr; what: string }[] = [
  { cidr: '0.0.0.0/8' as Cidr, what: '"this network" block 0.0.0.0/8' },
  { cidr: '127.0.0.0/8' as Cidr, what: 'loopback block 127.0.0.0/8' },
  { cidr: '224.0.0.0/4' as Cidr, what: 'multicast block 224.0.0.0/4' },
  { cidr: '240.0.0.0/4' as Cidr, what: 'reserved block 240.0.0.0/4' },
];

function settleExplicit(pool: IpamPoolInput, index: number): IpamPool {
  const field = `ipam.${index}`;
  const { network, prefixLength } = parseCidr(pool.subnet);
  if (`${network}/${prefixLength}` !== pool.subnet) {
    throw new ServiceError(
      'BAD_REQUEST',
      `invalid subnet ${pool.subnet}: it should be ${network}/${prefixLength}`,
      `${field}.subnet`,
    );
  }
  if (prefixLength > 30) {
    throw new ServiceError(
      'BAD_REQUEST',
      `subnet ${pool.subnet} is too small: at most /30`,
      `${field}.subnet`,
    );
  }
  const reserved = reservedBlocks.find((block) => cidrsOverlap(pool.subnet, block.cidr));
  if (reserved !== undefined) {
    throw new ServiceError(
      'BAD_REQUEST',
      `subnet ${pool.subnet} overlaps the ${reserved.what}, which no network may use`,
      `${field}.subnet`,
    );
  }
  if (pool.ipRange !== undefined) {
    const range = parseCidr(pool.ipRange);
    const subnet = parseCidr(pool.subnet);
    if (range.first < subnet.first || range.last > subnet.last) {
      throw new ServiceError(
        'BAD_REQUEST',
        `ip-range ${pool.ipRange} is not inside subnet ${pool.subnet}`,
        `${field}.ipRange`,
      );
    }
  }
  const gateway = pool.gateway ?? firstUsable(pool.subnet);
  checkInside(pool.subnet, gateway, `${field}.gateway`, 'gateway');
  if (isNetworkOrBroadcast(pool.subnet, gateway)) {
    throw new ServiceError(
      'BAD_REQUEST',
      `gateway ${gateway} is the network or broadcast address of ${pool.subnet}`,
      `${field}.gateway`,
    );
  }
  for (const [name, address] of Object.entries(pool.auxAddresses)) {
    checkInside(pool.subnet, address, `${field}.auxAddresses.${name}`, `aux-address ${name}=`);
  }
  return {
    subnet: pool.subnet,
    ...(pool.ipRange !== undefined ? { ipRange: pool.ipRange } : {}),
    gateway,
    auxAddresses: { ...pool.auxAddresses },
  };
}

function isNetworkOrBroadcast(subnet: Cidr, address: Ipv4): boolean {
  const { first, last } = parseCidr(subnet);
  const value = ipv4ToNumber(address);
  return value === first || value === last;
}

/**
 * Settles a new network's pools: the ones asked for, checked, or one subnet from the default pools
 * that overlaps no network and none of the node's own networks.
 */
export function settlePools(requested: IpamPoolInput[], context: SubnetContext): IpamPool[] {
  if (requested.length === 0) {
    // In numbers: an overlay's pool holds 65,536 candidates.
    const firstClearOf = (avoid: Cidr[]) => {
      const ranges = avoid.map((cidr) => parseCidr(cidr));
      for (const { first, last, prefixLength } of poolRanges(context.defaultPools)) {
        if (!ranges.some((range) => range.first <= last && first <= range.last)) {
          return `${numberToIpv4(first)}/${prefixLength}` as Cidr;
        }
      }
      return undefined;
    };
    // A default route (0.0.0.0/0) overlaps everything; Docker ignores it too.
    const hostNetworks = context.hostNetworks.filter((cidr) => !cidr.endsWith('/0'));
    const taken = context.taken.map((held) => held.subnet);
    const subnet =
      firstClearOf([...taken, ...hostNetworks]) ??
      (context.hostNetworksAvoidance === 'preferred' ? firstClearOf(taken) : undefined);
    if (subnet === undefined) {
      throw new ServiceError('CONFLICT', 'no available IPv4 subnet in the default pool', 'ipam');
    }
    return [{ subnet, gateway: firstUsable(subnet), auxAddresses: {} }];
  }
  const pools = requested.map(settleExplicit);
  pools.forEach((pool, index) => {
    const clash = overlapOf(pool.subnet, context.taken, pools.slice(0, index));
    if (clash !== undefined) {
      throw new ServiceError(
        'CONFLICT',
        `Pool overlaps with other one on this address space: ${pool.subnet} overlaps ${clash}`,
        `ipam.${index}.subnet`,
      );
    }
  });
  return pools;
}

/**
 * What `subnet` clashes with, said so the operator knows where to look: Docker's refusal names
 * nothing, which leaves them searching every network for it.
 */
function overlapOf(subnet: Cidr, taken: TakenSubnet[], earlier: IpamPool[]): string | undefined {
  const held = taken.find((other) => cidrsOverlap(subnet, other.subnet));
  if (held !== undefined) return `${held.subnet} of network ${held.network}`;
  const sibling = earlier.find((other) => cidrsOverlap(subnet, other.subnet));
  return sibling === undefined ? undefined : `${sibling.subnet}, another subnet of this request`;
}

/** Addresses never handed out: network, broadcast, gateway and aux addresses of every pool. */
export function reservedAddresses(pools: IpamPool[]): Set<string> {
  const reserved = new Set<string>();
  for (const pool of pools) {
    const { first, last } = parseCidr(pool.subnet);
    reserved.add(numberToIpv4(first));
    reserved.add(numberToIpv4(last));
    reserved.add(pool.gateway);
    for (const address of Object.values(pool.auxAddresses)) reserved.add(address);
  }
  return reserved;
}

export interface Allocation {
  address: Ipv4;
  prefixLength: number;
  gateway: Ipv4;
}

/** Why an address no one may take is not free: the pool's own addresses, in Docker's terms. */
function reservedAs(pools: IpamPool[], address: Ipv4): string | undefined {
  for (const pool of pools) {
    if (!cidrContains(pool.subnet, address)) continue;
    if (pool.gateway === address) return `the gateway of ${pool.subnet}`;
    if (isNetworkOrBroadcast(pool.subnet, address))
      return `the network or broadcast address of ${pool.subnet}`;
    const aux = Object.entries(pool.auxAddresses).find(([, held]) => held === address);
    if (aux !== undefined) return `aux-address ${aux[0]} of ${pool.subnet}`;
  }
  return undefined;
}

/**
 * One address on a network: the fixed one asked for (anywhere in a subnet) or the lowest free one
 * inside the pool's ip-range (else its subnet). `taken` holds the addresses held on the network, each
 * with what holds it (`container web`), so a refused fixed address names its holder.
 */
export function allocateAddress(
  network: { name: string; id: string; ipam: IpamPool[] },
  taken: ReadonlyMap<string, string>,
  requested: Ipv4 | undefined,
  field: string,
): Allocation {
  const reserved = reservedAddresses(network.ipam);
  if (requested !== undefined) {
    const pool = network.ipam.find((candidate) => cidrContains(candidate.subnet, requested));
    if (pool === undefined) {
      throw new ServiceError(
        'BAD_REQUEST',
        `no configured subnet or ip-range contain the IP address ${requested}`,
        field,
      );
    }
    const holder = taken.get(requested) ?? reservedAs(network.ipam, requested);
    if (holder !== undefined || reserved.has(requested)) {
      // Docker's words first, as the docker CLI shows them; then who has it.
      const why = holder === undefined ? '' : `: ${requested} is ${holder}`;
      throw new ServiceError('CONFLICT', `Address already in use${why}`, field);
    }
    return { address: requested, prefixLength: parseCidr(pool.subnet).prefixLength, gateway: pool.gateway };
  }
  for (const pool of network.ipam) {
    const { first, last } = parseCidr(pool.ipRange ?? pool.subnet);
    for (let value = first; value <= last; value += 1) {
      const address = numberToIpv4(value);
      if (!taken.has(address) && !reserved.has(address)) {
        return { address, prefixLength: parseCidr(pool.subnet).prefixLength, gateway: pool.gateway };
      }
    }
  }
  throw new ServiceError(
    'CONFLICT',
    `no available IPv4 addresses on this network's address pools: ${network.name} (${network.id})`,
    field,
  );
}

/** Docker's MAC for an address: 02:42 followed by the four bytes of the IPv4 address. */
export function macFor(address: Ipv4): Mac {
  const bytes = address.split('.').map((part) => Number(part).toString(16).padStart(2, '0'));
  return ['02', '42', ...bytes].join(':') as Mac;
}
