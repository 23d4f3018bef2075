import { describe, expect, it } from 'vitest';
import { planSysctls } from './sysctl-plan.js';

describe('planSysctls', () => {
  it('sets only what differs, in name order', () => {
    const actions = planSysctls(
      { 'net.ipv4.ip_forward': '1', 'net.core.somaxconn': '4096', 'net.ipv4.conf.all.rp_filter': '0' },
      {
        'net.ipv4.ip_forward': { value: '0' },
        'net.core.somaxconn': { value: '4096' },
        'net.ipv4.conf.all.rp_filter': { value: '2' },
      },
    );
    expect(actions).toEqual([
      { kind: 'set', name: 'net.ipv4.conf.all.rp_filter', value: '0', from: '2' },
      { kind: 'set', name: 'net.ipv4.ip_forward', value: '1', from: '0' },
    ]);
  });

  it('compares multi-word values by words', () => {
    const actions = planSysctls(
      { 'net.ipv4.ip_local_port_range': '1024   65000' },
      { 'net.ipv4.ip_local_port_range': { value: '1024 65000' } },
    );
    expect(actions).toEqual([]);
  });

  it('tries to set a sysctl that could not be read, so the write reports why', () => {
    expect(planSysctls({ 'net.x': '1' }, { 'net.x': { error: 'no such sysctl' } })).toEqual([
      { kind: 'set', name: 'net.x', value: '1' },
    ]);
  });

  it('plans nothing for nothing desired', () => {
    expect(planSysctls({}, { 'net.ipv4.ip_forward': { value: '0' } })).toEqual([]);
  });
});
