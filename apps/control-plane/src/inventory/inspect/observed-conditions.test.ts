import { describe, expect, it } from 'vitest';
import { byAttention, conditionOf, describeCondition, objectLink } from './observed-conditions.js';

const names = { networks: new Map([['n1', 'front']]), sandboxes: new Map([['s1', 'web']]) };

describe('observed conditions', () => {
  it('finds what the agent said about one object, or nothing', () => {
    const conditions = [
      { object: 'network/n1', ready: false, message: 'no parent eth9' },
      { object: 'sandbox/s1', ready: true },
    ];
    expect(conditionOf(conditions, 'network/n1')).toEqual({ ready: false, message: 'no parent eth9' });
    expect(conditionOf(conditions, 'sandbox/s1')).toEqual({ ready: true, message: null });
    expect(conditionOf(conditions, 'sandbox/s2')).toBeNull();
  });

  it('links networks, sandboxes, VIP rules and the mesh to their pages', () => {
    expect(objectLink('network/n1/peers')).toEqual({ kind: 'network', key: 'n1' });
    expect(objectLink('ingress/n9')).toEqual({ kind: 'network', key: 'n9' });
    expect(objectLink('sandbox/s1')).toEqual({ kind: 'container', key: 's1' });
    expect(objectLink('loadbalancer/web.1.x')).toEqual({ kind: 'container', key: 'web.1.x' });
    expect(objectLink('sysctl/net.ipv4.ip_forward')).toBeNull();
  });

  it('describes a condition and puts failing ones first', () => {
    const ready = describeCondition({ object: 'sandbox/s1', ready: true }, names);
    const failing = describeCondition({ object: 'network/n1', ready: false, message: 'x' }, names);
    expect(failing).toEqual({
      object: 'network/n1',
      label: 'network front (network/n1)',
      ready: false,
      message: 'x',
      link: { kind: 'network', key: 'n1' },
    });
    expect([ready, failing].sort(byAttention)).toEqual([failing, ready]);
  });
});
