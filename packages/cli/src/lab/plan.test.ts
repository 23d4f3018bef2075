import { describe, expect, it } from 'vitest';
import { hostBatch, labSysctls, LabPlanError, planLab, rootBatch, underlayBatch } from './plan.js';

describe('planLab', () => {
  it('names and addresses everything from the prefix and subnet', () => {
    const plan = planLab({ prefix: 'sy', hosts: 3, subnet: '192.168.99.0/24' });
    expect(plan).toMatchObject({
      subnet: '192.168.99.0/24',
      prefixLength: 24,
      underlayNamespace: 'sy-underlay',
      bridge: 'br0',
      rootLink: 'sy-root',
      rootPeer: 'root',
      rootAddress: '192.168.99.1',
    });
    expect(plan.hosts).toEqual([
      { index: 1, name: 'sy-host1', underlayPeer: 'h1', address: '192.168.99.11' },
      { index: 2, name: 'sy-host2', underlayPeer: 'h2', address: '192.168.99.12' },
      { index: 3, name: 'sy-host3', underlayPeer: 'h3', address: '192.168.99.13' },
    ]);
  });

  it('takes the network of a subnet written with a host address', () => {
    expect(planLab({ prefix: 'sy', hosts: 1, subnet: '10.77.3.9/24' }).rootAddress).toBe('10.77.3.1');
  });

  it.each([
    [{ prefix: 'Sy', hosts: 1, subnet: '192.168.99.0/24' }, /--prefix/],
    [{ prefix: 'sy-a', hosts: 1, subnet: '192.168.99.0/24' }, /--prefix/],
    [{ prefix: 'abcdefghijk', hosts: 1, subnet: '192.168.99.0/24' }, /--prefix/],
    [{ prefix: 'sy', hosts: 0, subnet: '192.168.99.0/24' }, /--hosts must be a whole number from 1 to 200/],
    [{ prefix: 'sy', hosts: 5, subnet: '192.168.99.0/28' }, /--hosts must be a whole number from 1 to 4/],
    [{ prefix: 'sy', hosts: 1, subnet: '192.168.99.0' }, /--subnet must be an IPv4 subnet/],
    [{ prefix: 'sy', hosts: 1, subnet: '10.0.0.0/8' }, /--subnet must be a small block/],
  ])('refuses %j', (input, message) => {
    expect(() => planLab(input)).toThrow(LabPlanError);
    expect(() => planLab(input)).toThrow(message);
  });
});

describe('lab batches', () => {
  const plan = planLab({ prefix: 'sy', hosts: 2, subnet: '192.168.99.0/24' });

  it('adds exactly one link and one address to the root namespace', () => {
    const root = rootBatch(plan);
    expect(root).toEqual([
      'netns add sy-underlay',
      'netns add sy-host1',
      'netns add sy-host2',
      'link add sy-root type veth peer name root netns sy-underlay',
      'address add 192.168.99.1/24 dev sy-root',
      'link set sy-root up',
    ]);
    expect(root.join('\n')).not.toMatch(/route|sysctl/);
  });

  it('puts every host and the root peer on the underlay bridge', () => {
    expect(underlayBatch(plan)).toEqual([
      'link set lo up',
      'link add br0 type bridge',
      'link set br0 up',
      'link add h1 type veth peer name eth0 netns sy-host1',
      'link set h1 master br0',
      'link set h1 up',
      'link add h2 type veth peer name eth0 netns sy-host2',
      'link set h2 master br0',
      'link set h2 up',
      'link set root master br0',
      'link set root up',
    ]);
  });

  it('gives a host its address and no routes', () => {
    const second = plan.hosts[1];
    if (second === undefined) throw new Error('planned two hosts');
    expect(hostBatch(plan, second)).toEqual([
      'link set lo up',
      'address add 192.168.99.12/24 dev eth0',
      'link set eth0 up',
    ]);
  });

  it('sets the bridge netfilter sysctl only where the kernel has it', () => {
    expect(labSysctls(false).underlay).not.toHaveProperty(['net.bridge.bridge-nf-call-iptables']);
    expect(labSysctls(true).underlay['net.bridge.bridge-nf-call-iptables']).toBe('0');
    expect(labSysctls(true).underlay['net.ipv4.ip_forward']).toBe('0');
  });
});
