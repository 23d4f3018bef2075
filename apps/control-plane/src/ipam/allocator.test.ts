import { describe, expect, it } from 'vitest';
import type { Cidr, IpamPool, IpamPoolInput, Ipv4 } from '@switchyard/contracts';
import { ServiceError } from '../errors.js';
import { numberToIpv4 } from '@switchyard/contracts';
import { defaultAddressPools, overlayAddressPools, poolRanges, type AddressPool } from './address-pools.js';

const poolSubnets = (pools: AddressPool[]) =>
  [...poolRanges(pools)].map((range) => `${numberToIpv4(range.first)}/${range.prefixLength}` as Cidr);
import { allocateAddress, macFor, settlePools, type SubnetContext, type TakenSubnet } from './allocator.js';
import { Serializer } from './serializer.js';

/** Subnets held by networks named net0, net1, … in order. */
const held = (subnets: string[]): TakenSubnet[] =>
  subnets.map((subnet, index) => ({ subnet: subnet as Cidr, network: `net${index}` }));

const context = (overrides: Partial<SubnetContext> = {}): SubnetContext => ({
  taken: [{ subnet: '172.17.0.0/16' as Cidr, network: 'bridge' }],
  hostNetworks: [],
  defaultPools: defaultAddressPools,
  ...overrides,
});
interface LoosePool {
  subnet: string;
  ipRange?: string;
  gateway?: string;
  auxAddresses?: Record<string, string>;
}
const pool = (input: LoosePool): IpamPoolInput => ({ auxAddresses: {}, ...input }) as IpamPoolInput;

function refusal(action: () => unknown): ServiceError {
  try {
    action();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a ServiceError');
}

describe('default pools', () => {
  it('go 172.18-31 in /16s, then 192.168.0.0/16 in /20s', () => {
    const subnets = poolSubnets(defaultAddressPools);
    expect(subnets[0]).toBe('172.18.0.0/16');
    expect(subnets[13]).toBe('172.31.0.0/16');
    expect(subnets[14]).toBe('192.168.0.0/20');
    expect(subnets[15]).toBe('192.168.16.0/20');
    expect(subnets).toHaveLength(30);
  });
});

describe('settlePools', () => {
  it('takes the first free default subnet with its first address as gateway', () => {
    expect(settlePools([], context())).toEqual([
      { subnet: '172.18.0.0/16', gateway: '172.18.0.1', auxAddresses: {} },
    ]);
  });

  it('skips subnets taken by networks and by the host, but not for a default route', () => {
    const pools = settlePools(
      [],
      context({
        taken: held(['172.17.0.0/16', '172.18.0.0/16']),
        hostNetworks: ['0.0.0.0/0', '172.19.5.0/24'] as Cidr[],
      }),
    );
    expect(pools[0]?.subnet).toBe('172.20.0.0/16');
  });

  it("never lets what nodes report use up an overlay's pool, only steer its pick", () => {
    // A node claiming all of 10.0.0.0/8 (the overlay pool) as its own, save one /24.
    const claims = ['10.0.0.0/9', '10.128.0.0/10', '10.192.0.0/11', '10.224.0.0/12', '10.240.0.0/13'];
    const overlay = (hostNetworks: string[]) =>
      settlePools([], {
        taken: held(['10.0.0.0/24']),
        hostNetworks: hostNetworks as Cidr[],
        hostNetworksAvoidance: 'preferred',
        defaultPools: overlayAddressPools,
      })[0]?.subnet;
    expect(overlay(claims)).toBe('10.248.0.0/24');
    expect(overlay(['10.0.0.0/8'])).toBe('10.0.1.0/24');
    // On the node's own local networks the node's subnets are kept clear.
    const error = refusal(() =>
      settlePools([], {
        taken: [],
        hostNetworks: ['10.0.0.0/8' as Cidr],
        defaultPools: overlayAddressPools,
      }),
    );
    expect(error.message).toBe('no available IPv4 subnet in the default pool');
  });

  it('moves on to 192.168.0.0/20 steps when the /16s are gone', () => {
    const taken = held(poolSubnets(defaultAddressPools).slice(0, 15));
    expect(settlePools([], context({ taken }))[0]?.subnet).toBe('192.168.16.0/20');
  });

  it('refuses when the default pool is exhausted', () => {
    const error = refusal(() =>
      settlePools([], context({ taken: held(['172.16.0.0/12', '192.168.0.0/16']) })),
    );
    expect(error.message).toBe('no available IPv4 subnet in the default pool');
    expect(error.code).toBe('CONFLICT');
  });

  it('keeps several explicit pools with ranges, gateways and aux addresses', () => {
    const pools = settlePools(
      [
        pool({
          subnet: '10.10.0.0/16',
          ipRange: '10.10.5.0/24',
          gateway: '10.10.0.254',
          auxAddresses: { router: '10.10.0.2' },
        }),
        pool({ subnet: '10.11.0.0/24' }),
      ],
      context(),
    );
    expect(pools).toEqual([
      {
        subnet: '10.10.0.0/16',
        ipRange: '10.10.5.0/24',
        gateway: '10.10.0.254',
        auxAddresses: { router: '10.10.0.2' },
      },
      { subnet: '10.11.0.0/24', gateway: '10.11.0.1', auxAddresses: {} },
    ]);
  });

  it('names the network a subnet overlaps, after Docker’s words', () => {
    const error = refusal(() =>
      settlePools(
        [pool({ subnet: '10.231.0.128/25' })],
        context({
          taken: [...held(['10.9.0.0/16']), { subnet: '10.231.0.0/24' as Cidr, network: 'e2e-forms' }],
        }),
      ),
    );
    console.log(`refusal: ${error.message}`);
    expect(error.message).toBe(
      'Pool overlaps with other one on this address space: 10.231.0.128/25 overlaps 10.231.0.0/24 of network e2e-forms',
    );
    expect(error.field).toBe('ipam.0.subnet');
  });

  it('names the other subnet of the same request a subnet overlaps', () => {
    const error = refusal(() =>
      settlePools([pool({ subnet: '10.1.0.0/16' }), pool({ subnet: '10.1.2.0/24' })], context()),
    );
    expect(error.message).toBe(
      'Pool overlaps with other one on this address space: 10.1.2.0/24 overlaps 10.1.0.0/16, another subnet of this request',
    );
    expect(error.field).toBe('ipam.1.subnet');
  });

  it.each([
    [
      [pool({ subnet: '172.17.5.0/24' })],
      'Pool overlaps with other one on this address space: 172.17.5.0/24 overlaps 172.17.0.0/16 of network bridge',
      'ipam.0.subnet',
    ],
    [[pool({ subnet: '10.1.2.3/16' })], 'it should be 10.1.0.0/16', 'ipam.0.subnet'],
    [[pool({ subnet: '127.0.0.0/8' })], 'overlaps the loopback block 127.0.0.0/8', 'ipam.0.subnet'],
    [[pool({ subnet: '126.0.0.0/7' })], 'overlaps the loopback block', 'ipam.0.subnet'],
    [[pool({ subnet: '0.0.0.0/0' })], 'overlaps the "this network" block 0.0.0.0/8', 'ipam.0.subnet'],
    [[pool({ subnet: '224.0.0.0/24' })], 'overlaps the multicast block 224.0.0.0/4', 'ipam.0.subnet'],
    [[pool({ subnet: '255.255.255.0/30' })], 'overlaps the reserved block 240.0.0.0/4', 'ipam.0.subnet'],
    [
      [pool({ subnet: '10.1.0.0/16', gateway: '10.2.0.1' })],
      'gateway 10.2.0.1 does not belong',
      'ipam.0.gateway',
    ],
    [[pool({ subnet: '10.1.0.0/24', gateway: '10.1.0.255' })], 'broadcast', 'ipam.0.gateway'],
    [[pool({ subnet: '10.1.0.0/16', ipRange: '10.2.0.0/24' })], 'not inside subnet', 'ipam.0.ipRange'],
    [
      [pool({ subnet: '10.1.0.0/16', auxAddresses: { a: '10.9.0.1' } })],
      'does not belong',
      'ipam.0.auxAddresses.a',
    ],
  ])('refuses %j, naming the field', (requested, message, field) => {
    const error = refusal(() => settlePools(requested as IpamPoolInput[], context()));
    expect(error.message).toContain(message);
    expect(error.field).toBe(field);
  });
});

describe('allocateAddress', () => {
  /** Addresses held by a container named web. */
  const holders = (...addresses: string[]) =>
    new Map(addresses.map((address): [string, string] => [address, 'held by container web']));
  const network = (ipam: IpamPool[]) => ({ id: 'abc', name: 'appnet', ipam });
  const small: IpamPool = {
    subnet: '10.0.0.0/29' as Cidr,
    gateway: '10.0.0.1' as Ipv4,
    auxAddresses: { printer: '10.0.0.2' as Ipv4 },
  };

  it('hands out the lowest free address, skipping gateway and aux addresses', () => {
    expect(allocateAddress(network([small]), new Map(), undefined, 'ip')).toEqual({
      address: '10.0.0.3',
      prefixLength: 29,
      gateway: '10.0.0.1',
    });
    expect(allocateAddress(network([small]), holders('10.0.0.3'), undefined, 'ip').address).toBe('10.0.0.4');
  });

  it('stays inside the ip-range', () => {
    const ranged = { ...small, subnet: '10.0.0.0/24' as Cidr, ipRange: '10.0.0.128/25' as Cidr };
    expect(allocateAddress(network([ranged]), new Map(), undefined, 'ip').address).toBe('10.0.0.128');
  });

  it('gives a fixed address anywhere in a subnet, once', () => {
    expect(allocateAddress(network([small]), new Map(), '10.0.0.6' as Ipv4, 'ip').address).toBe('10.0.0.6');
    for (const [taken, why] of [
      ['10.0.0.6', '10.0.0.6 is held by container web'],
      ['10.0.0.1', '10.0.0.1 is the gateway of 10.0.0.0/29'],
      ['10.0.0.2', '10.0.0.2 is aux-address printer of 10.0.0.0/29'],
      ['10.0.0.0', '10.0.0.0 is the network or broadcast address of 10.0.0.0/29'],
      ['10.0.0.7', '10.0.0.7 is the network or broadcast address of 10.0.0.0/29'],
    ]) {
      const error = refusal(() =>
        allocateAddress(network([small]), holders('10.0.0.6'), taken as Ipv4, 'networks.0.ipv4Address'),
      );
      // Docker's words, then who has the address.
      expect(error.message).toBe(`Address already in use: ${why}`);
      expect(error.field).toBe('networks.0.ipv4Address');
    }
    expect(
      refusal(() => allocateAddress(network([small]), new Map(), '10.9.9.9' as Ipv4, 'ip')).message,
    ).toContain('no configured subnet');
  });

  it('refuses when the pools are exhausted, and reuses a released address', () => {
    const full = holders('10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6');
    expect(refusal(() => allocateAddress(network([small]), full, undefined, 'ip')).message).toBe(
      "no available IPv4 addresses on this network's address pools: appnet (abc)",
    );
    full.delete('10.0.0.5');
    expect(allocateAddress(network([small]), full, undefined, 'ip').address).toBe('10.0.0.5');
  });

  it('makes Docker MACs', () => {
    expect(macFor('172.17.0.2' as Ipv4)).toBe('02:42:ac:11:00:02');
  });
});

describe('Serializer', () => {
  it('runs tasks one at a time even when one fails', async () => {
    const serializer = new Serializer();
    const order: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        order.push(`${name}:start`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(`${name}:end`);
        if (fail) throw new Error(name);
      };
    const results = await Promise.allSettled([serializer.run(task('a', true)), serializer.run(task('b'))]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
  });
});
