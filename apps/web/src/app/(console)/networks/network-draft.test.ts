import { describe, expect, it } from 'vitest';
import { fieldForServerError } from '../../../lib/trpc/field-errors';
import {
  emptyNetworkDraft,
  networkFieldPaths,
  validateNetworkDraft,
  type NetworkDraft,
} from './network-draft';

const pool = { key: 1, subnet: '10.231.0.0/24', ipRange: '', gateway: '', auxAddresses: '' };
const draft = (patch: Partial<NetworkDraft>): NetworkDraft => ({ ...emptyNetworkDraft, ...patch });

describe('networkFieldPaths', () => {
  it("lists a bridge's options, its host and its pools", () => {
    const paths = networkFieldPaths(draft({ pools: [pool] }));
    expect(paths).toContain('labels.com.switchyard.node');
    expect(paths).toContain('options.com.docker.network.bridge.enable_icc');
    expect(paths).toContain('ipam.0.subnet');
    expect(paths).toContain('internal');
    expect(paths).not.toContain('options.encrypted');
  });

  it('leaves out what an overlay does not show, so such a refusal is the form’s error', () => {
    const paths = networkFieldPaths(draft({ driver: 'overlay' }));
    expect(paths).toContain('options.encrypted');
    expect(fieldForServerError('labels.com.switchyard.node', paths)).toBeNull();
    expect(fieldForServerError('options.com.docker.network.bridge.name', paths)).toBeNull();
  });

  it('gives host and null networks no address fields', () => {
    const paths = networkFieldPaths(draft({ driver: 'host' }));
    expect(fieldForServerError('ipam.0.subnet', paths)).toBeNull();
    expect(paths).not.toContain('internal');
  });

  it('puts a macvlan parent clash on the parent field', () => {
    expect(fieldForServerError('options.parent', networkFieldPaths(draft({ driver: 'macvlan' })))).toBe(
      'options.parent',
    );
  });
});

describe('validateNetworkDraft', () => {
  it('refuses a prefix longer than /32 in the words of the CIDR schema', () => {
    const errors = validateNetworkDraft(
      draft({ name: 'front', pools: [{ ...pool, subnet: '10.231.0.0/240' }] }),
    );
    expect(errors.get('ipam.0.subnet')).toMatch(/CIDR/);
  });

  it('refuses host bits and says what was meant', () => {
    const errors = validateNetworkDraft(
      draft({ name: 'front', pools: [{ ...pool, subnet: '10.231.0.1/24' }] }),
    );
    expect(errors.get('ipam.0.subnet')).toBe('has host bits set: did you mean 10.231.0.0/24?');
  });

  it('accepts a plain bridge', () => {
    expect(validateNetworkDraft(draft({ name: 'front', pools: [pool] })).size).toBe(0);
  });
});
