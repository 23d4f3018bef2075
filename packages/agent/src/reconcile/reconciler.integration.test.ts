import { agentProtocolVersion } from '@switchyard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCapabilities } from '../capabilities/detect.js';
import { exec } from '../osl/exec.js';
import { listNetns } from '../osl/ip.js';
import { sysctlAccess } from '../osl/sysctl.js';
import { memoryNamespaceRecord } from '../sandbox/record.js';
import { fakeServices } from '../test-support/reconcile/fake-dataplane.js';
import { realKernel } from '../osl/kernel.js';
import { realDataplane } from '../osl/real-dataplane.js';
import { Reconciler } from './reconciler.js';

const netns = `syt${process.pid}-rec`;

beforeAll(() => exec('ip', ['netns', 'add', netns]));
afterAll(() => exec('ip', ['netns', 'del', netns]));

describe('Reconciler on a real namespace', () => {
  it('sets sysctls, then puts back a value changed by hand', async () => {
    const reconciler = new Reconciler({
      sysctls: realKernel(netns),
      dataplane: realDataplane(memoryNamespaceRecord(), netns),
      ...fakeServices([]),
    });
    const report = await reconciler.onDesired({
      protocolVersion: agentProtocolVersion,
      revision: 1,
      nodeId: 'n1',
      sysctls: { 'net.ipv4.ip_forward': '1', 'net.ipv4.no_such_knob': '1' },
      networks: [],
      sandboxes: [],
      ingress: null,
      hrm: null,
      images: [],
    });
    expect(report?.conditions).toEqual([
      { object: 'sysctl/net.ipv4.ip_forward', ready: true },
      {
        object: 'sysctl/net.ipv4.no_such_knob',
        ready: false,
        message: 'cannot set to "1": no such sysctl on this kernel',
      },
    ]);
    const inside = sysctlAccess(netns);
    expect(await inside.read('net.ipv4.ip_forward')).toBe('1');

    await exec('ip', ['netns', 'exec', netns, 'sysctl', '-qw', 'net.ipv4.ip_forward=0']);
    const resync = await reconciler.resync();
    expect(resync?.driftRepaired).toEqual(['sysctl/net.ipv4.ip_forward']);
    expect(await inside.read('net.ipv4.ip_forward')).toBe('1');
  });
});

describe('detectCapabilities on this kernel', () => {
  it('finds what the kernel notes say and leaves no probe namespace behind', async () => {
    const { capabilities, details } = await detectCapabilities();
    expect(capabilities).toEqual(expect.arrayContaining(['macvlan', 'nftables', 'vxlan']));
    if (!capabilities.includes('8021q'))
      expect(details['8021q'].reason).toMatch(/kernel lacks this link type/);
    expect((await listNetns()).map((entry) => entry.name)).not.toContain(`sy-probe-${process.pid}`);
  });
});
