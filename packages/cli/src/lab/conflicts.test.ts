import type { Cidr } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { findSubnetConflicts, parseResolvConf, type RootNetwork } from './conflicts.js';

const root: RootNetwork = {
  addresses: [
    { dev: 'lo', cidr: '127.0.0.1/8' },
    { dev: 'eth0', cidr: '192.0.2.2/24' },
    { dev: 'sy-root', cidr: '192.168.99.1/24' },
  ],
  routes: [
    { dst: 'default', dev: 'eth0' },
    { dst: '192.0.2.0/24', dev: 'eth0' },
    { dst: '10.0.0.0/8', dev: 'eth0', table: 'main' },
    { dst: '172.30.5.7', dev: 'eth0', table: 'local' },
    { dst: '192.168.99.0/24', dev: 'sy-root' },
  ],
  resolvers: ['10.255.255.53'],
};

describe('findSubnetConflicts', () => {
  it('accepts a free subnet and ignores the default route and our own leftover link', () => {
    expect(findSubnetConflicts('192.168.99.0/24' as Cidr, root, 'sy-root')).toEqual([]);
  });

  it('names the address, route and resolver a subnet would shadow', () => {
    expect(findSubnetConflicts('192.0.2.0/24' as Cidr, root, 'sy-root')).toEqual([
      'address 192.0.2.2/24 on eth0',
      'route 192.0.2.0/24 dev eth0',
    ]);
    expect(findSubnetConflicts('10.255.255.0/24' as Cidr, root, 'sy-root')).toEqual([
      'route 10.0.0.0/8 dev eth0',
      'DNS resolver 10.255.255.53 in /etc/resolv.conf',
    ]);
    expect(findSubnetConflicts('172.30.5.0/24' as Cidr, root, 'sy-root')).toEqual([
      'route 172.30.5.7 dev eth0 (table local)',
    ]);
  });

  it('treats another lab prefix as someone else', () => {
    expect(findSubnetConflicts('192.168.99.0/24' as Cidr, root, 'syt-root')).toEqual([
      'address 192.168.99.1/24 on sy-root',
      'route 192.168.99.0/24 dev sy-root',
    ]);
  });
});

describe('parseResolvConf', () => {
  it('reads nameserver lines only', () => {
    expect(
      parseResolvConf('# x\nsearch lan\nnameserver 10.255.255.53\nnameserver fd00::53\noptions ndots:1\n'),
    ).toEqual(['10.255.255.53', 'fd00::53']);
  });
});
