import { describe, expect, it } from 'vitest';
import { ServiceError } from '../errors.js';
import { claimHostPort, pickHostPort } from './host-ports.js';
import { chooseNode, placeContainer, type NodeLoad } from './placement.js';
import { networkRequirements } from '../drivers/registry.js';

const nodes: NodeLoad[] = [
  { id: 'a', name: 'node-a', ready: true, sandboxes: 3, capabilities: ['vxlan', 'macvlan', '8021q'] },
  { id: 'b', name: 'node-b', ready: true, sandboxes: 1, capabilities: ['macvlan'] },
  { id: 'c', name: 'node-c', ready: false, sandboxes: 0, capabilities: [] },
];

function refusal(action: () => unknown): ServiceError {
  try {
    action();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a ServiceError');
}

describe('chooseNode', () => {
  it('picks the least loaded ready node', () => {
    expect(chooseNode(nodes, undefined, 'network').name).toBe('node-b');
  });

  it('follows the label, and refuses an unknown node naming the label', () => {
    expect(chooseNode(nodes, 'node-a', 'network').id).toBe('a');
    const error = refusal(() => chooseNode(nodes, 'node-z', 'network'));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.field).toBe('labels.com.switchyard.node');
    expect(error.message).toContain('com.switchyard.node');
  });

  it('is unavailable without ready nodes', () => {
    expect(refusal(() => chooseNode([nodes[2] as NodeLoad], undefined, 'container')).code).toBe(
      'UNAVAILABLE',
    );
  });
});

describe('placeContainer', () => {
  it('goes where its local networks live', () => {
    expect(placeContainer(nodes, [{ name: 'front', nodeId: 'a' }], undefined).name).toBe('node-a');
  });

  it('refuses networks on different nodes, naming both', () => {
    const error = refusal(() =>
      placeContainer(
        nodes,
        [
          { name: 'front', nodeId: 'a' },
          { name: 'back', nodeId: 'b' },
        ],
        undefined,
      ),
    );
    expect(error.message).toContain('front (on node-a)');
    expect(error.message).toContain('back (on node-b)');
  });

  it('refuses a label that points away from its networks', () => {
    expect(refusal(() => placeContainer(nodes, [{ name: 'front', nodeId: 'a' }], 'node-b')).field).toBe(
      'labels.com.switchyard.node',
    );
  });

  it('uses the label, else spreads, without local networks', () => {
    expect(placeContainer(nodes, [], 'node-a').name).toBe('node-a');
    expect(placeContainer(nodes, [], undefined).name).toBe('node-b');
  });
});

describe('host ports', () => {
  const held = [
    { hostIp: '0.0.0.0', hostPort: 8080, protocol: 'tcp' as const, holder: 'container web' },
    { hostIp: '127.0.0.1', hostPort: 32768, protocol: 'tcp' as const },
  ];

  it('refuses a port already bound on an overlapping address, as Docker words it, naming the holder', () => {
    const error = refusal(() =>
      claimHostPort(held, { hostIp: '127.0.0.1', hostPort: 8080, protocol: 'tcp' }, 'ports'),
    );
    expect(error.message).toBe(
      'Bind for 127.0.0.1:8080 failed: port is already allocated: held by container web',
    );
    const unnamed = refusal(() =>
      claimHostPort(held, { hostIp: '127.0.0.1', hostPort: 32768, protocol: 'tcp' }, 'ports'),
    );
    expect(unnamed.message).toBe('Bind for 127.0.0.1:32768 failed: port is already allocated');
    expect(
      claimHostPort(held, { hostIp: '0.0.0.0', hostPort: 8080, protocol: 'udp' }, 'ports').protocol,
    ).toBe('udp');
  });

  it('picks the lowest free ephemeral port', () => {
    expect(pickHostPort(held, '0.0.0.0', 'tcp', 'ports').hostPort).toBe(32769);
    expect(pickHostPort(held, '10.0.0.1', 'tcp', 'ports').hostPort).toBe(32768);
  });
});

describe('capabilities', () => {
  const overlay = networkRequirements({ name: 'ov', driver: 'overlay', options: {} });
  const encrypted = networkRequirements({ name: 'sec', driver: 'overlay', options: { encrypted: '' } });
  const vlan = networkRequirements({ name: 'mv', driver: 'macvlan', options: { parent: 'eth0.10' } });

  it('places an overlay container on the least loaded node that has VXLAN', () => {
    expect(placeContainer(nodes, [], undefined, overlay).name).toBe('node-a');
    expect(placeContainer(nodes, [], undefined, []).name).toBe('node-b');
  });

  it('refuses a node without what the network needs, with the reason', () => {
    // None can: the least loaded ready node's reason is given.
    expect(refusal(() => placeContainer(nodes, [], 'node-b', overlay)).message).toBe(
      'node node-b cannot realise overlay network ov: its kernel has no VXLAN support',
    );
    expect(refusal(() => placeContainer(nodes, [], undefined, encrypted)).message).toBe(
      "encrypted overlay needs IPsec ESP, which node node-a's kernel lacks",
    );
    expect(refusal(() => chooseNode(nodes, 'node-b', 'network', vlan, 'options.parent'))).toMatchObject({
      message: 'kernel has no 802.1Q support (node node-b): cannot use parent eth0.10',
      field: 'options.parent',
    });
    expect(chooseNode(nodes, undefined, 'network', vlan).name).toBe('node-a');
  });
});
