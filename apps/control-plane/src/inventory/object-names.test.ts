import { describe, expect, it } from 'vitest';
import { describeObject, type ObjectNames } from './object-names.js';

const names: ObjectNames = {
  networks: new Map([['n1', 'front']]),
  sandboxes: new Map([['s1', 'web']]),
};

describe('describeObject', () => {
  it.each([
    ['network/n1', 'network front (network/n1)'],
    ['network/n1/peers', 'overlay peers of front (network/n1/peers)'],
    ['sandbox/s1', 'container web (sandbox/s1)'],
    ['loadbalancer/web.1.x', 'VIP rules of web.1.x (loadbalancer/web.1.x)'],
    ['ingress/n1', 'routing mesh on front (ingress/n1)'],
    ['ingress/zz', 'routing mesh (ingress/zz)'],
    ['firewall/switchyard_nat', 'nftables table switchyard_nat (firewall/switchyard_nat)'],
    ['hrm/proxy', 'HTTP routing mesh proxy (hrm/proxy)'],
    ['agent/dns', 'embedded DNS (agent/dns)'],
    ['sysctl/net.ipv4.ip_forward', 'sysctl/net.ipv4.ip_forward'],
  ])('reads %s as %s', (key, expected) => {
    expect(describeObject(key, names)).toBe(expected);
  });

  it('keeps the bare key of an object that is gone', () => {
    expect(describeObject('network/gone', names)).toBe('network/gone');
    expect(describeObject('sandbox/gone', names)).toBe('sandbox/gone');
  });
});
