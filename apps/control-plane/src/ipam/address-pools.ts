import { parseCidr, type Cidr } from '@switchyard/contracts';

/** A block carved into subnets of one size, as Docker's `default-address-pools` entries. */
export interface AddressPool {
  base: Cidr;
  size: number;
}

/** Docker's defaults past the predefined bridge: 172.18-31.0.0/16, then 192.168.0.0/16 in /20s. */
export const defaultAddressPools: AddressPool[] = [
  ...Array.from({ length: 14 }, (_, i) => ({ base: `172.${18 + i}.0.0/16` as Cidr, size: 16 })),
  { base: '192.168.0.0/16' as Cidr, size: 20 },
];

/** Every subnet the pools offer, in the order Docker hands them out, as numbers (a pool may hold 65,536). */
export function* poolRanges(
  pools: AddressPool[],
): Generator<{ first: number; last: number; prefixLength: number }> {
  for (const pool of pools) {
    const { first, last, prefixLength } = parseCidr(pool.base);
    if (pool.size < prefixLength) continue;
    const step = 2 ** (32 - pool.size);
    for (let start = first; start <= last; start += step) {
      yield { first: start, last: start + step - 1, prefixLength: pool.size };
    }
  }
}

/** Swarm's default pool for overlays: 10.0.0.0/8 in /24s (10.0.0.0/24, 10.0.1.0/24, ...). */
export const overlayAddressPools: AddressPool[] = [{ base: '10.0.0.0/8' as Cidr, size: 24 }];
