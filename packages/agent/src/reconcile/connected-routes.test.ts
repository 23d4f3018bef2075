import { describe, expect, it } from 'vitest';
import type { LinkState } from '../osl/links.js';
import { missingConnectedRoutes, networkOf } from './connected-routes.js';

const link = (name: string, addresses: string[], up = true): LinkState => ({
  name,
  kind: 'veth',
  master: undefined,
  up,
  mtu: 1450,
  mac: '02:42:0a:00:01:05',
  alias: undefined,
  hairpin: undefined,
  addresses,
});

describe('networkOf', () => {
  it('masks an address to its network', () => {
    expect(networkOf('10.0.1.5/24')).toBe('10.0.1.0/24');
    expect(networkOf('172.20.130.7/17')).toBe('172.20.128.0/17');
    expect(networkOf('192.168.1.1/0')).toBe('0.0.0.0/0');
  });
});

describe('missingConnectedRoutes', () => {
  it('puts back the route of an address whose connected route was deleted, nothing else', () => {
    const links = [link('lo', ['127.0.0.1/8']), link('eth0', ['10.0.1.5/24']), link('eth1', ['10.0.2.5/24'])];
    const routes = [
      { dst: 'default', dev: 'eth0' },
      { dst: '10.0.2.0/24', dev: 'eth1' },
    ];
    expect(missingConnectedRoutes(links, routes)).toEqual([
      'route replace 10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.5',
    ]);
  });

  it('leaves links that are down and host addresses alone', () => {
    expect(
      missingConnectedRoutes([link('eth0', ['10.0.1.5/24'], false), link('eth1', ['10.0.3.9/32'])], []),
    ).toEqual([]);
  });
});
