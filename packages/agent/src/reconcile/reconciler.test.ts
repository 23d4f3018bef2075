import { agentProtocolVersion, type DesiredState } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { FakeDataplane, fakeServices } from '../test-support/reconcile/fake-dataplane.js';
import { FakeKernel } from '../test-support/reconcile/fake-kernel.js';
import { Reconciler } from './reconciler.js';

const at = new Date('2026-11-28T10:00:00.000Z');

function desired(revision: number, sysctls: Record<string, string>): DesiredState {
  return {
    protocolVersion: agentProtocolVersion,
    revision,
    nodeId: 'n1',
    sysctls,
    networks: [],
    sandboxes: [],
    ingress: null,
    hrm: null,
    images: [],
  };
}

function reconcilerFor(kernel: FakeKernel): Reconciler {
  const dataplane = new FakeDataplane();
  return new Reconciler({ sysctls: kernel, dataplane, ...fakeServices(dataplane.calls), now: () => at });
}

describe('Reconciler', () => {
  it('applies a document and reports every object ready', async () => {
    const kernel = new FakeKernel({ 'net.ipv4.ip_forward': '0', 'net.core.somaxconn': '4096' });
    const reconciler = reconcilerFor(kernel);
    const report = await reconciler.onDesired(
      desired(3, { 'net.ipv4.ip_forward': '1', 'net.core.somaxconn': '4096' }),
    );
    expect(report).toEqual({
      protocolVersion: agentProtocolVersion,
      revision: 3,
      observedAt: at.toISOString(),
      conditions: [
        { object: 'sysctl/net.core.somaxconn', ready: true },
        { object: 'sysctl/net.ipv4.ip_forward', ready: true },
      ],
      driftRepaired: [],
      sandboxes: [],
    });
    expect(kernel.writes).toEqual([['net.ipv4.ip_forward', '1']]);
  });

  it('ignores a revision older than the current one', async () => {
    const kernel = new FakeKernel({ 'net.ipv4.ip_forward': '0' });
    const reconciler = reconcilerFor(kernel);
    await reconciler.onDesired(desired(5, { 'net.ipv4.ip_forward': '1' }));
    expect(await reconciler.onDesired(desired(4, { 'net.ipv4.ip_forward': '0' }))).toBeUndefined();
    expect(kernel.values.get('net.ipv4.ip_forward')).toBe('1');
    expect(reconciler.revision).toBe(5);
  });

  it('skips documents a newer one has overtaken while they waited', async () => {
    const kernel = new FakeKernel({ 'net.ipv4.ip_forward': '0' });
    const reconciler = reconcilerFor(kernel);
    const reports = await Promise.all(
      [1, 2, 3].map((revision) =>
        reconciler.onDesired(desired(revision, { 'net.ipv4.ip_forward': String(revision % 2) })),
      ),
    );
    expect(reports.map((report) => report?.revision)).toEqual([undefined, undefined, 3]);
    expect(kernel.writes).toEqual([['net.ipv4.ip_forward', '1']]);
  });

  it('reports why an object cannot be applied', async () => {
    const kernel = new FakeKernel({ 'net.ipv4.ip_forward': '0', 'net.ipv4.clamped': '0' });
    kernel.readOnly.add('net.ipv4.clamped');
    const reconciler = reconcilerFor(kernel);
    const report = await reconciler.onDesired(
      desired(1, { 'net.ipv4.missing': '1', 'net.ipv4.clamped': '1', 'net.ipv4.ip_forward': '1' }),
    );
    expect(report?.conditions).toEqual([
      { object: 'sysctl/net.ipv4.clamped', ready: false, message: 'wrote "1" but the kernel reports "0"' },
      { object: 'sysctl/net.ipv4.ip_forward', ready: true },
      {
        object: 'sysctl/net.ipv4.missing',
        ready: false,
        message: 'cannot set to "1": no such sysctl on this kernel',
      },
    ]);
  });

  it('repairs drift on resync and says what it repaired', async () => {
    const kernel = new FakeKernel({ 'net.ipv4.ip_forward': '0' });
    const reconciler = reconcilerFor(kernel);
    await reconciler.onDesired(desired(1, { 'net.ipv4.ip_forward': '1' }));
    expect(await reconciler.resync()).toBeUndefined();

    kernel.values.set('net.ipv4.ip_forward', '0');
    const report = await reconciler.resync();
    expect(report?.driftRepaired).toEqual(['sysctl/net.ipv4.ip_forward']);
    expect(report?.revision).toBe(1);
    expect(kernel.values.get('net.ipv4.ip_forward')).toBe('1');
  });

  it('does not call a first apply drift, and resyncs nothing before a document arrives', async () => {
    const kernel = new FakeKernel({ 'net.ipv4.ip_forward': '0' });
    const reconciler = reconcilerFor(kernel);
    expect(await reconciler.resync()).toBeUndefined();
    const report = await reconciler.onDesired(desired(1, { 'net.ipv4.ip_forward': '1' }));
    expect(report?.driftRepaired).toEqual([]);
  });

  it('runs passes one at a time, so the newest document wins over a queued one and a resync', async () => {
    const kernel = new FakeKernel({ 'net.ipv4.ip_forward': '0' });
    const reconciler = reconcilerFor(kernel);
    const reports = await Promise.all([
      reconciler.onDesired(desired(1, { 'net.ipv4.ip_forward': '1' })),
      reconciler.resync(),
      reconciler.onDesired(desired(2, { 'net.ipv4.ip_forward': '0' })),
    ]);
    expect(reports.map((r) => r?.revision)).toEqual([undefined, undefined, 2]);
    expect(kernel.values.get('net.ipv4.ip_forward')).toBe('0');
  });
});
