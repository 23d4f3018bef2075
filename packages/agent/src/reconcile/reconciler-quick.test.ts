import type { DesiredSandbox } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import {
  document,
  endpoint,
  overlayNetwork,
  peerOf,
  sandbox,
} from '../test-support/reconcile/documents.fixture.js';
import { FakeDataplane, fakeServices } from '../test-support/reconcile/fake-dataplane.js';
import { FakeKernel } from '../test-support/reconcile/fake-kernel.js';
import { Reconciler } from './reconciler.js';
import { SpareNamespace } from '../sandbox/spare-namespace.js';

const net = overlayNetwork('ov', '10.10.0.0/24', {
  vni: 4100,
  netns: 'sy-h1-ov',
  localUnderlay: '192.0.2.1',
});
const local = sandbox('s1', 'sy-h1-sb-s1', [endpoint(net, '10.10.0.2')]);
const remote = peerOf(endpoint(net, '10.10.0.3'), '192.0.2.2');

function withRecords(sb: DesiredSandbox, addresses: string[]): DesiredSandbox {
  return {
    ...sb,
    dns: {
      ...sb.dns,
      records: addresses.map((address) => ({ name: 'web', address })) as DesiredSandbox['dns']['records'],
    },
  };
}

function setup() {
  const dataplane = new FakeDataplane();
  const kernel = new FakeKernel({});
  const reconciler = new Reconciler({ sysctls: kernel, dataplane, ...fakeServices(dataplane.calls) });
  return { dataplane, reconciler };
}

describe('quick passes', () => {
  it('applies a change of names alone without reading the kernel back, with the same conditions', async () => {
    const { dataplane, reconciler } = setup();
    const first = await reconciler.onDesired(document(1, [net], [local]));
    const reads = dataplane.reads;
    dataplane.calls.length = 0;
    const second = await reconciler.onDesired(document(2, [net], [withRecords(local, ['10.10.0.3'])]));
    expect(dataplane.reads).toBe(reads);
    expect(dataplane.calls).toEqual(['dns.sync sb-s1', 'runtime.sync sb-s1']);
    expect(second?.conditions).toEqual(first?.conditions);
    expect(second?.revision).toBe(2);
  });

  it('adds and removes an overlay peer as neighbour and FDB lines, before the names', async () => {
    const { dataplane, reconciler } = setup();
    await reconciler.onDesired(document(1, [net], [local]));
    dataplane.calls.length = 0;
    const joined = overlayNetwork('ov', '10.10.0.0/24', {
      vni: 4100,
      netns: 'sy-h1-ov',
      localUnderlay: '192.0.2.1',
      peers: [remote],
    });
    await reconciler.onDesired(document(2, [joined], [withRecords(local, ['10.10.0.3'])]));
    expect(dataplane.calls).toEqual([
      `sy-h1-ov: neigh replace 10.10.0.3 lladdr ${remote.mac} dev vx-4100 nud permanent`,
      `sy-h1-ov: bridge fdb replace ${remote.mac} dev vx-4100 dst 192.0.2.2 self permanent`,
      'dns.sync sb-s1',
      'runtime.sync sb-s1',
    ]);
    dataplane.calls.length = 0;
    await reconciler.onDesired(document(3, [net], [local]));
    expect(dataplane.calls.slice(0, 2)).toEqual([
      'sy-h1-ov: neigh del 10.10.0.3 dev vx-4100',
      `sy-h1-ov: bridge fdb del ${remote.mac} dev vx-4100 dst 192.0.2.2 self`,
    ]);
  });

  it('adds a sandbox by plumbing only it, reading no namespace it has just made', async () => {
    const { dataplane, reconciler } = setup();
    const lan = overlayNetwork('lan', '10.20.0.0/24', {
      vni: 4200,
      netns: 'sy-h1-lan',
      localUnderlay: '192.0.2.1',
    });
    const onLan = sandbox('s3', 'sy-h1-sb-s3', [endpoint(lan, '10.20.0.2')]);
    const first = await reconciler.onDesired(document(1, [net, lan], [local, onLan]));
    dataplane.calls.length = 0;
    const other = sandbox('s2', 'sy-h1-sb-s2', [endpoint(net, '10.10.0.4')]);
    const second = await reconciler.onDesired(document(2, [net, lan], [local, onLan, other]));
    expect(dataplane.lastRead).toEqual({ sandboxes: [], networks: [] });
    expect(dataplane.calls.filter((call) => /sb-s1|sb-s3|-lan|del /.test(call))).toEqual([
      'dns.sync sb-s1,sb-s3,sb-s2',
      'runtime.sync sb-s1,sb-s3,sb-s2',
    ]);
    expect(second?.conditions).toEqual([
      ...(first?.conditions ?? []).filter((condition) => !condition.object.startsWith('loadbalancer/')),
      { object: `sandbox/${other.id}`, ready: true },
    ]);
  });

  it('starts and stops a created sandbox without reading the kernel back (docker create, then start)', async () => {
    const { dataplane, reconciler } = setup();
    const created = { ...local, running: false, startGeneration: 0 };
    const first = await reconciler.onDesired(document(1, [net], [created]));
    const reads = dataplane.reads;
    dataplane.calls.length = 0;
    const started = await reconciler.onDesired(document(2, [net], [{ ...local, startGeneration: 1 }]));
    expect(dataplane.reads).toBe(reads);
    expect(dataplane.calls).toEqual(['dns.sync sb-s1', 'runtime.sync sb-s1']);
    expect(started?.conditions).toEqual(first?.conditions);
    await reconciler.onDesired(document(3, [net], [{ ...local, running: false, startGeneration: 1 }]));
    expect(dataplane.reads).toBe(reads);
  });

  it('gives a new sandbox the spare namespace, with its DNS listener, and makes another', async () => {
    const dataplane = new FakeDataplane();
    const services = fakeServices(dataplane.calls);
    const spare = new SpareNamespace(dataplane, services.dns, 'sy-h1');
    const reconciler = new Reconciler({ sysctls: new FakeKernel({}), dataplane, ...services, spare });
    await reconciler.onDesired(document(1, [net], [local]));
    const made = dataplane.calls
      .find((call) => call.startsWith('netns add sy-h1-spare-'))
      ?.slice('netns add '.length);
    expect(made).toBeDefined();
    expect(dataplane.calls).toContain(`dns.prepareSpare ${made}`);
    dataplane.calls.length = 0;
    const other = sandbox('s2', 'sy-h1-sb-s2', [endpoint(net, '10.10.0.4')]);
    // As the kernel lists namespaces once the spare is renamed.
    dataplane.snapshot = { ...dataplane.snapshot, namespaces: new Set(['sy-h1-sb-s1', 'sy-h1-sb-s2']) };
    await reconciler.onDesired(document(2, [net], [local, other]));
    expect(dataplane.calls).toContain(`netns rename ${made} sy-h1-sb-s2`);
    expect(dataplane.calls).toContain(`dns.adoptSpare ${made} sb-s2`);
    expect(dataplane.calls).not.toContain('netns add sy-h1-sb-s2');
    expect(await dataplane.record.list()).toContain('sy-h1-sb-s2');
    expect(dataplane.calls.filter((call) => call.startsWith('netns add sy-h1-spare-'))).toHaveLength(1);
  });

  it('takes a full pass, reading every namespace, when the structure changes otherwise', async () => {
    const { dataplane, reconciler } = setup();
    const other = sandbox('s2', 'sy-h1-sb-s2', [endpoint(net, '10.10.0.4')]);
    await reconciler.onDesired(document(1, [net], [local, other]));
    const reads = dataplane.reads;
    dataplane.snapshot = { ...dataplane.snapshot, namespaces: new Set(['sy-h1-sb-s1', 'sy-h1-sb-s2']) };
    await reconciler.onDesired(document(2, [net], [local]));
    expect(dataplane.reads).toBe(reads + 1);
    expect(dataplane.lastRead?.sandboxes).toEqual(['sy-h1-sb-s1']);
    expect(dataplane.calls).toContain('netns del sy-h1-sb-s2');
  });

  it('answers the same revision pushed again with a report and does nothing', async () => {
    const { dataplane, reconciler } = setup();
    await reconciler.onDesired(document(1, [net], [local]));
    dataplane.calls.length = 0;
    const again = await reconciler.onDesired(document(1, [net], [local]));
    expect(again?.revision).toBe(1);
    expect(dataplane.calls).toEqual([]);
  });
});
