import { describe, expect, it } from 'vitest';
import { parseBatchFailures } from './batch.js';
import { hostNetworksFrom } from './host-networks.js';
import { parseLinks } from './links.js';
import { namespacesVisibleOutside } from './netns-visibility.js';
import { sysctlShellLine } from './sysctl.js';

describe('parseBatchFailures', () => {
  it('attributes each message to its line', () => {
    const stderr =
      'RTNETLINK answers: File exists\nCommand failed -:2\nCannot find device "nope"\nCommand failed -:3\n';
    expect([...parseBatchFailures(stderr)]).toEqual([
      [2, 'RTNETLINK answers: File exists'],
      [3, 'Cannot find device "nope"'],
    ]);
  });
});

describe('hostNetworksFrom', () => {
  it('lists address subnets and route destinations, without default, loopback or link-local', () => {
    expect(
      hostNetworksFrom(
        [
          { addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host' }] },
          { addr_info: [{ family: 'inet', local: '192.168.99.11', prefixlen: 24, scope: 'global' }] },
          { addr_info: [{ family: 'inet', local: '169.254.1.2', prefixlen: 16, scope: 'link' }] },
        ],
        [{ dst: 'default' }, { dst: '10.20.0.0/16' }, { dst: '192.168.99.0/24' }, { dst: '10.9.9.9' }],
      ),
    ).toEqual(['10.20.0.0/16', '10.9.9.9/32', '192.168.99.0/24']);
  });

  it('reports only what the control plane takes: no multicast, nothing wider than /8, at most 64', () => {
    const many = Array.from({ length: 70 }, (_, i) => ({ dst: `10.${i}.0.0/16` }));
    const reported = hostNetworksFrom(
      [],
      [
        { dst: '224.0.0.0/4' },
        { dst: '239.1.0.0/16' },
        { dst: '0.0.0.0/1' },
        { dst: '10.200.1.0/24' },
        ...many,
      ],
    );
    expect(reported).toHaveLength(64);
    // The most specific are kept.
    expect(reported).toContain('10.200.1.0/24');
    expect(
      reported.some((cidr) => cidr.startsWith('224.') || cidr.startsWith('239.') || cidr === '0.0.0.0/1'),
    ).toBe(false);
  });
});

describe('parseLinks', () => {
  it('reads kind, master, hairpin, the UP flag and IPv4 addresses', () => {
    const [link] = parseLinks([
      {
        ifname: 'veth1234567',
        flags: ['BROADCAST', 'UP', 'LOWER_UP'],
        mtu: 1500,
        address: '02:42:ac:11:00:02',
        master: 'br-aa',
        ifalias: 'switchyard',
        linkinfo: { info_kind: 'veth', info_slave_data: { hairpin: true } },
        addr_info: [
          { family: 'inet6', local: 'fe80::1', prefixlen: 64 },
          { family: 'inet', local: '172.18.0.2', prefixlen: 16 },
        ],
      },
    ]);
    expect(link).toEqual({
      name: 'veth1234567',
      kind: 'veth',
      master: 'br-aa',
      up: true,
      mtu: 1500,
      mac: '02:42:ac:11:00:02',
      alias: 'switchyard',
      hairpin: true,
      addresses: ['172.18.0.2/16'],
    });
  });
});

describe('namespacesVisibleOutside', () => {
  const shared = '21:42 27 254:0 /run/netns /run/netns rw,relatime shared:1 - ext4 /dev/vda rw';
  const slave = '9:97 68 254:0 /run/netns /run/netns rw,relatime master:1 - ext4 /dev/vda rw';
  it('tells a shared /run/netns from the slave one `ip netns exec` gives', () => {
    expect(namespacesVisibleOutside(`1 0 254:0 / / rw shared:9 - ext4 /dev/vda rw\n${shared}`)).toBe(true);
    expect(namespacesVisibleOutside(slave)).toBe(false);
    expect(namespacesVisibleOutside('')).toBe(true);
  });
});

describe('sysctlShellLine', () => {
  it('writes each value, quoted, to its /proc/sys file', () => {
    expect(sysctlShellLine({ 'net.ipv4.ping_group_range': '0 2147483647', 'net.ipv4.ip_forward': '1' })).toBe(
      "printf '%s' '0 2147483647' > /proc/sys/net/ipv4/ping_group_range && printf '%s' '1' > /proc/sys/net/ipv4/ip_forward",
    );
  });

  it('refuses a value that would need escaping', () => {
    expect(() => sysctlShellLine({ 'net.ipv4.ip_forward': "1' ; reboot '" })).toThrow(/cannot be set/);
  });
});
