import { describe, expect, it } from 'vitest';
import { conditionObjectKeysIn, parseConditionObject, reportedOnlyWhenFailing } from './condition-objects.js';

describe('parseConditionObject', () => {
  it.each([
    ['network/abc123', { kind: 'network', networkId: 'abc123' }],
    ['network/abc123/peers', { kind: 'network-peers', networkId: 'abc123' }],
    ['sandbox/f00d', { kind: 'sandbox', sandboxId: 'f00d' }],
    ['loadbalancer/web.1.x7', { kind: 'loadbalancer', sandboxName: 'web.1.x7' }],
    ['ingress/0a1b', { kind: 'ingress', networkId: '0a1b' }],
    ['firewall/switchyard_nat', { kind: 'firewall', table: 'switchyard_nat' }],
    ['sysctl/net.ipv4.ip_forward', { kind: 'sysctl', name: 'net.ipv4.ip_forward' }],
    ['hrm/proxy', { kind: 'hrm' }],
    ['agent/dns', { kind: 'agent', part: 'dns' }],
    ['namespace/sy-host1-sb-1', { kind: 'namespace', name: 'sy-host1-sb-1' }],
    ['link/vx-100', { kind: 'link', name: 'vx-100' }],
    ['gremlin/1', { kind: 'other' }],
    ['network', { kind: 'other' }],
  ] as const)('reads %s', (key, expected) => {
    expect(parseConditionObject(key)).toEqual(expected);
  });

  it('knows which objects are named only while they fail', () => {
    expect(reportedOnlyWhenFailing(parseConditionObject('agent/runtime'))).toBe(true);
    expect(reportedOnlyWhenFailing(parseConditionObject('network/abc/peers'))).toBe(true);
    expect(reportedOnlyWhenFailing(parseConditionObject('network/abc'))).toBe(false);
    expect(reportedOnlyWhenFailing(parseConditionObject('hrm/proxy'))).toBe(false);
  });
});

describe('conditionObjectKeysIn', () => {
  it('finds every key in a drift message, old and new style', () => {
    const text =
      'sy-host1 found drift and repaired it: network front (network/ab12), sandbox/cd34, firewall/switchyard_nat, hrm/proxy';
    expect(conditionObjectKeysIn(text).map((found) => found.key)).toEqual([
      'network/ab12',
      'sandbox/cd34',
      'firewall/switchyard_nat',
      'hrm/proxy',
    ]);
  });

  it('gives where each key starts, and ignores words that only look alike', () => {
    expect(conditionObjectKeysIn('x sysctl/net.ipv4.ip_forward')).toEqual([
      { key: 'sysctl/net.ipv4.ip_forward', index: 2 },
    ]);
    expect(conditionObjectKeysIn('the network is fine, and/or not')).toEqual([]);
  });
});
