import { describe, expect, it } from 'vitest';
import { fdbFacts, neighbourFacts, portFacts, routeFacts, sysctlFacts } from './parse-facts.js';

describe('kernel facts from ip -j and bridge -j', () => {
  it('keeps unicast FDB entries, the VXLAN remotes with their VTEP', () => {
    const fdb = fdbFacts([
      { mac: '33:33:00:00:00:01', ifname: 'br0', flags: ['self'], state: 'permanent' },
      { mac: '01:00:5e:00:00:01', ifname: 'br0', flags: ['self'], state: 'permanent' },
      { mac: '02:42:0a:00:02:03', ifname: 'veth9c62230', flags: [], master: 'br0', state: '' },
      {
        mac: '02:42:0a:00:02:04',
        ifname: 'vx-257',
        dst: '192.168.70.12',
        flags: ['self'],
        state: 'permanent',
      },
    ]);
    expect(fdb).toEqual([
      {
        mac: '02:42:0a:00:02:03',
        device: 'veth9c62230',
        destination: null,
        master: 'br0',
        state: 'learned',
        self: false,
      },
      {
        mac: '02:42:0a:00:02:04',
        device: 'vx-257',
        destination: '192.168.70.12',
        master: null,
        state: 'permanent',
        self: true,
      },
    ]);
  });

  it('reads neighbours with their state, and routes with their gateway or device', () => {
    expect(
      neighbourFacts([
        { dst: '10.0.2.4', dev: 'vx-257', lladdr: '02:42:0a:00:02:04', state: ['PERMANENT'] },
        { dst: '10.0.2.9', dev: 'br0', state: ['FAILED'] },
      ]),
    ).toEqual([
      { address: '10.0.2.4', device: 'vx-257', mac: '02:42:0a:00:02:04', state: 'permanent' },
      { address: '10.0.2.9', device: 'br0', mac: null, state: 'failed' },
    ]);
    expect(
      routeFacts([
        { dst: 'default', gateway: '172.18.0.1', dev: 'eth1' },
        { dst: '10.0.2.0/24', dev: 'br0', protocol: 'kernel', scope: 'link', prefsrc: '10.0.2.1' },
      ]),
    ).toEqual([
      {
        destination: 'default',
        gateway: '172.18.0.1',
        device: 'eth1',
        protocol: null,
        scope: null,
        source: null,
      },
      {
        destination: '10.0.2.0/24',
        gateway: null,
        device: 'br0',
        protocol: 'kernel',
        scope: 'link',
        source: '10.0.2.1',
      },
    ]);
  });
});

describe('bridge ports and sysctls', () => {
  it('keeps each port’s bridge state with whether it and its peer are up', () => {
    expect(
      portFacts([
        { ifname: 'vx-257', master: 'br0', state: 'forwarding', flags: ['BROADCAST', 'UP', 'LOWER_UP'] },
        { ifname: 'veth1a2b3c4', master: 'br0', state: 'disabled', flags: ['BROADCAST', 'NO-CARRIER', 'UP'] },
      ]),
    ).toEqual([
      { name: 'vx-257', master: 'br0', state: 'forwarding', up: true, carrier: true },
      { name: 'veth1a2b3c4', master: 'br0', state: 'disabled', up: true, carrier: false },
    ]);
  });

  it('maps /proc paths back to sysctl names, and a missing entry to null', () => {
    const output = '/proc/sys/net/ipv4/ip_forward=1\n/proc/sys/net/ipv4/conf/eth0/rp_filter=2\n';
    expect(
      sysctlFacts(
        ['net.ipv4.ip_forward', 'net.ipv4.conf.eth0.rp_filter', 'net.ipv4.conf.eth9.rp_filter'],
        output,
      ),
    ).toEqual([
      { name: 'net.ipv4.ip_forward', value: '1' },
      { name: 'net.ipv4.conf.eth0.rp_filter', value: '2' },
      { name: 'net.ipv4.conf.eth9.rp_filter', value: null },
    ]);
  });
});
