import { describe, expect, it } from 'vitest';
import { firstGlobalIpv4 } from './route.js';
import { normalizeSysctlValue, sysctlPath } from './sysctl.js';

describe('firstGlobalIpv4', () => {
  it('skips loopback and host-scoped addresses', () => {
    expect(
      firstGlobalIpv4([
        { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', scope: 'host' }] },
        { ifname: 'eth0', addr_info: [{ family: 'inet', local: '192.168.99.11', scope: 'global' }] },
      ]),
    ).toBe('192.168.99.11');
    expect(firstGlobalIpv4([{ ifname: 'lo' }])).toBeUndefined();
  });
});

describe('sysctl helpers', () => {
  it('maps names to /proc/sys paths and normalises values', () => {
    expect(sysctlPath('net.ipv4.ip_forward')).toBe('/proc/sys/net/ipv4/ip_forward');
    expect(normalizeSysctlValue('32768\t60999\n')).toBe('32768 60999');
  });
});
