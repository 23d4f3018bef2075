import { describe, expect, it } from 'vitest';
import type { Cidr } from '@switchyard/contracts';
import { ServiceError } from '../errors.js';
import { overlayAddressPools } from './address-pools.js';
import { settlePools } from './allocator.js';
import { allocateVni } from './vni.js';

describe('allocateVni', () => {
  it('hands out 256 and up, the lowest one no live network holds', () => {
    expect(allocateVni(new Map(), undefined, 'vni')).toBe(256);
    expect(
      allocateVni(
        new Map([
          [256, 'a'],
          [257, 'b'],
          [4097, 'c'],
        ]),
        undefined,
        'vni',
      ),
    ).toBe(258);
    expect(allocateVni(new Map([[257, 'b']]), undefined, 'vni')).toBe(256);
    // A fixed low id does not shift the dynamic range.
    expect(allocateVni(new Map([[10, 'fixed']]), undefined, 'vni')).toBe(256);
  });

  it('gives a fixed VNI once, refusing it while its network lives', () => {
    expect(allocateVni(new Map([[256, 'a']]), 4097, 'vni')).toBe(4097);
    const error = (() => {
      try {
        allocateVni(new Map([[4097, 'blue']]), 4097, 'options.x');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({
      code: 'CONFLICT',
      message: 'VNI 4097 is already in use by network blue',
      field: 'options.x',
    });
  });
});

describe('overlay address pool', () => {
  const settle = (taken: string[], hostNetworks: string[]) =>
    settlePools([], {
      taken: taken.map((subnet) => ({ subnet: subnet as Cidr, network: 'other' })),
      hostNetworks: hostNetworks as Cidr[],
      defaultPools: overlayAddressPools,
    })[0]?.subnet;

  it('goes 10.0.0.0/24, 10.0.1.0/24, ... as Swarm does', () => {
    expect(settle([], [])).toBe('10.0.0.0/24');
    expect(settle(['10.0.0.0/24'], [])).toBe('10.0.1.0/24');
  });

  it('skips subnets overlapping any node’s underlay or routes, but not a default route', () => {
    expect(settle(['10.0.1.0/24'], ['0.0.0.0/0', '10.0.0.0/23', '10.0.2.7/32'])).toBe('10.0.3.0/24');
  });
});
