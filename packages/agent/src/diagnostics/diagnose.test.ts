import { describe, expect, it } from 'vitest';
import {
  document,
  overlayNetwork,
  sandbox,
  bridgeNetwork,
  endpoint,
} from '../test-support/reconcile/documents.fixture.js';
import { createDiagnostics, resolveNamespace } from './diagnose.js';

const overlay = overlayNetwork('ov1', '10.0.1.0/24', {
  vni: 300,
  netns: 'h1-ov-300',
  localUnderlay: '192.168.70.11',
});
const bridge = bridgeNetwork('br1', 'front', '172.30.0.0/16');
const tool = sandbox('tool', 'h1-sb-tool', [endpoint(overlay, '10.0.1.2')]);
const desired = document(1, [overlay, bridge], [tool]);

describe('resolveNamespace', () => {
  it('enters only what the desired document names: a sandbox, an overlay, or the host', () => {
    expect(resolveNamespace(desired, { scope: 'sandbox', sandboxId: tool.id }, undefined)).toBe('h1-sb-tool');
    expect(resolveNamespace(desired, { scope: 'network', networkId: overlay.id }, undefined)).toBe(
      'h1-ov-300',
    );
    // A bridge lives in the host's namespace.
    expect(resolveNamespace(desired, { scope: 'network', networkId: bridge.id }, 'lab-h1')).toBe('lab-h1');
    expect(resolveNamespace(desired, { scope: 'host' }, undefined)).toBeUndefined();
  });

  it('refuses, in words, what is not on this host', () => {
    expect(() =>
      resolveNamespace(desired, { scope: 'sandbox', sandboxId: 'f'.repeat(64) }, undefined),
    ).toThrow(/sandbox ffffffffffff is not on this host/);
    expect(() => resolveNamespace(undefined, { scope: 'network', networkId: overlay.id }, undefined)).toThrow(
      /no desired state yet/,
    );
  });
});

describe('createDiagnostics', () => {
  it('answers each query on its own: one that cannot run does not sink the others', async () => {
    const diagnose = createDiagnostics({ document: () => desired });
    const response = await diagnose({
      queries: [
        { id: 'a', kind: 'read', where: { scope: 'sandbox', sandboxId: 'missing' }, fact: 'routes' },
        { id: 'b', kind: 'read', where: { scope: 'network', networkId: 'gone' }, fact: 'fdb' },
      ],
    });
    expect(response).toEqual({
      ok: true,
      answers: [
        { id: 'a', ok: false, error: 'sandbox missing is not on this host' },
        { id: 'b', ok: false, error: 'network gone is not on this host' },
      ],
    });
  });
});

describe('a probe in a namespace', () => {
  it('enters only a namespace the document names, as reads do', async () => {
    const diagnose = createDiagnostics({ document: () => desired });
    const response = await diagnose({
      queries: [
        {
          id: 'p',
          kind: 'probe-at',
          where: { scope: 'network', networkId: 'gone' },
          probe: { tool: 'tcp', host: '10.0.1.2', port: 80 },
        },
      ],
    });
    expect(response).toEqual({
      ok: true,
      answers: [{ id: 'p', ok: false, error: 'network gone is not on this host' }],
    });
  });
});
