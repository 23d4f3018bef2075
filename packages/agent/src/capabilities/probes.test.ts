import { describe, expect, it } from 'vitest';
import { interpretProbeError, presentCapabilities } from './probes.js';

describe('interpretProbeError', () => {
  it('explains a missing link type', () => {
    const result = interpretProbeError('Error: Unknown device type.\nCommand failed -:2\n');
    expect(result.present).toBe(false);
    expect(result.reason).toBe('kernel lacks this link type: Error: Unknown device type.');
  });

  it('explains a missing procfs entry', () => {
    const result = interpretProbeError("ENOENT: no such file or directory, access '/proc/net/ip_vs'");
    expect(result.reason).toMatch(/^not present in the kernel/);
  });

  it('explains a kernel without ESP', () => {
    expect(interpretProbeError('Error: Requested type not found.\n')).toEqual({
      present: false,
      reason: 'kernel lacks this protocol: Error: Requested type not found.',
    });
  });

  it('keeps an unknown error as it is', () => {
    expect(interpretProbeError('something odd\nmore')).toEqual({ present: false, reason: 'something odd' });
    expect(interpretProbeError('')).toEqual({ present: false, reason: 'probe failed' });
  });
});

describe('presentCapabilities', () => {
  it('lists only what is present, sorted', () => {
    const missing = { present: false, reason: 'x' };
    const present = { present: true };
    expect(
      presentCapabilities({
        vxlan: present,
        nftables: present,
        ipvs: missing,
        '8021q': missing,
        macvlan: present,
        ipsec: missing,
        containerd: missing,
      }),
    ).toEqual(['macvlan', 'nftables', 'vxlan']);
  });
});
