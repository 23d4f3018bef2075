import { describe, expect, it } from 'vitest';
import { desiredStateSchema } from '@switchyard/contracts';
import { compileNodeState, digestDesired, nextRevision } from './compile-node-state.js';

describe('compileNodeState', () => {
  it('produces a document the agent accepts, with forwarding on', () => {
    const body = compileNodeState({ id: 'n1' });
    const parsed = desiredStateSchema.parse({ ...body, revision: 1 });
    expect(parsed.sysctls['net.ipv4.ip_forward']).toBe('1');
  });

  it('digests equal documents equally regardless of key order', () => {
    const a = {
      protocolVersion: 1 as const,
      nodeId: 'n',
      sysctls: { a: '1', b: '2' },
      networks: [],
      sandboxes: [],
    };
    const b = {
      protocolVersion: 1 as const,
      nodeId: 'n',
      sysctls: { b: '2', a: '1' },
      networks: [],
      sandboxes: [],
    };
    expect(digestDesired(a)).toBe(digestDesired(b));
  });

  it('raises the revision only when the document changes', () => {
    const body = compileNodeState({ id: 'n1' });
    const first = nextRevision({ revision: 0, digest: '' }, body);
    expect(first.revision).toBe(1);
    expect(nextRevision(first, body)).toEqual(first);
    const changed = nextRevision(first, {
      ...body,
      sysctls: { ...body.sysctls, 'net.ipv4.conf.all.rp_filter': '0' },
    });
    expect(changed.revision).toBe(2);
  });
});
