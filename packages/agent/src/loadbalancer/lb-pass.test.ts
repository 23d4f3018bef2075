import type { ObservedState, VirtualService } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { bridgeNetwork, document, endpoint, sandbox } from '../test-support/reconcile/documents.fixture.js';
import { FakeDataplane, fakeServices } from '../test-support/reconcile/fake-dataplane.js';
import { FakeKernel } from '../test-support/reconcile/fake-kernel.js';
import { Reconciler } from '../reconcile/reconciler.js';
import { lbTable } from './render-lb.js';

const net = bridgeNetwork('aa', 'br-aa', '172.18.0.0/16');
const web = (backends: string[]) =>
  ({
    serviceId: 'web'.padEnd(25, '0'),
    vip: '172.18.0.100',
    ports: [{ protocol: 'tcp', port: 80 }],
    backends,
  }) as VirtualService;
const client = (services: VirtualService[]) => ({
  ...sandbox('c', 'sy-h1-sb-c', [endpoint(net, '172.18.0.2')]),
  virtualServices: services,
});

describe('load balancing in a reconcile pass', () => {
  it('replaces the table once, then changes only a service, after the DNS has dropped the task', async () => {
    const dataplane = new FakeDataplane();
    const reconciler = new Reconciler({
      sysctls: new FakeKernel({}),
      dataplane,
      ...fakeServices(dataplane.calls),
    });
    const first = await reconciler.onDesired(
      document(1, [net], [client([web(['172.18.0.5', '172.18.0.6'])])]),
    );
    expect(first?.conditions).toContainEqual({ object: 'loadbalancer/sb-c', ready: true });
    expect(dataplane.nftTables.get('sy-h1-sb-c switchyard_lb')).toMatch(
      /^table ip switchyard_lb \{\}\ndelete table/,
    );

    dataplane.calls.length = 0;
    await reconciler.onDesired(document(2, [net], [client([web(['172.18.0.5'])])]));
    expect(dataplane.calls.slice(-3)).toEqual([
      'dns.sync sb-c',
      'runtime.sync sb-c',
      'sy-h1-sb-c switchyard_lb: nft -f 3 lines',
    ]);
    expect(dataplane.nftTables.get('sy-h1-sb-c switchyard_lb')).toContain(
      'add rule ip switchyard_lb svc-web000000000 dnat to numgen random mod 1 map { 0 : 172.18.0.5 }',
    );

    dataplane.calls.length = 0;
    await reconciler.onDesired(document(3, [net], [client([web(['172.18.0.5'])])]));
    expect(dataplane.calls.filter((call) => call.includes('nft -f'))).toEqual([]);

    await reconciler.onDesired(document(4, [net], [client([])]));
    expect(dataplane.nftTables.has('sy-h1-sb-c switchyard_lb')).toBe(false);
  });

  it('finds a service chain emptied by hand at the resync, says what it found, and reports nothing after', async () => {
    const dataplane = new FakeDataplane();
    const kernel = new FakeKernel({ 'net.ipv4.ip_forward': '1' });
    const found: ObservedState[] = [];
    const reconciler = new Reconciler({
      sysctls: kernel,
      dataplane,
      ...fakeServices(dataplane.calls),
      onDriftFound: (report) => found.push(report),
    });
    await reconciler.onDesired(document(1, [net], [client([web(['172.18.0.5'])])]));
    // A task starting elsewhere is a new document, not drift.
    const started = await reconciler.onDesired(
      document(2, [net], [client([web(['172.18.0.5', '172.18.0.6'])])]),
    );
    expect(started?.driftRepaired).toEqual([]);
    // The fake kernel does not show the links it was given: only the load balancer counts here.
    const lb = (report: ObservedState | undefined) =>
      report?.driftRepaired.filter((object) => object.startsWith('loadbalancer/'));
    expect(lb(await reconciler.resync())).toEqual([]);

    dataplane.byHand('sy-h1-sb-c', lbTable, 'flush chain ip switchyard_lb svc-web000000000');
    kernel.values.set('net.ipv4.ip_forward', '0');
    const report = await reconciler.resync();
    expect(lb(report)).toEqual(['loadbalancer/sb-c']);
    expect(report?.drift?.filter((finding) => finding.object.startsWith('loadbalancer/'))).toEqual([
      {
        object: 'loadbalancer/sb-c',
        found: 'in sandbox sb-c, chain svc-web000000000 had 0 of 1 rule',
        repaired:
          'restored `dnat to numgen random mod 2 map { 0 : 172.18.0.5, 1 : 172.18.0.6 }` in chain svc-web000000000',
      },
    ]);
    // Before the repair, the control plane was told the VIP rules were not ready, and why.
    expect(found.at(-1)?.conditions).toContainEqual({
      object: 'loadbalancer/sb-c',
      ready: false,
      message:
        'drifted from what was applied: in sandbox sb-c, chain svc-web000000000 had 0 of 1 rule; repairing',
    });
    // What an earlier step of the same resync found stays not ready until the pass reports.
    expect(found.at(-1)?.conditions).toContainEqual({
      object: 'sysctl/net.ipv4.ip_forward',
      ready: false,
      message: 'drifted from what was applied: net.ipv4.ip_forward was 0; repairing',
    });
    expect(report?.conditions).toContainEqual({ object: 'loadbalancer/sb-c', ready: true });
    const after = await reconciler.resync();
    expect(lb(after)).toEqual([]);
  });

  it('says a chain emptied by hand is not ready before repairing it in a full pass for a new document too', async () => {
    const dataplane = new FakeDataplane();
    const found: ObservedState[] = [];
    const reconciler = new Reconciler({
      sysctls: new FakeKernel({}),
      dataplane,
      ...fakeServices(dataplane.calls),
      onDriftFound: (report) => found.push(report),
    });
    await reconciler.onDesired(document(1, [net], [client([web(['172.18.0.5'])])]));
    dataplane.byHand('sy-h1-sb-c', lbTable, 'flush chain ip switchyard_lb svc-web000000000');
    // Another network changes the structure: the next document takes a full pass, not a resync.
    const other = bridgeNetwork('bb', 'br-bb', '172.19.0.0/16');
    const report = await reconciler.onDesired(document(2, [net, other], [client([web(['172.18.0.5'])])]));
    expect(report?.driftRepaired).toContain('loadbalancer/sb-c');
    expect(found.at(-1)?.conditions).toContainEqual({
      object: 'loadbalancer/sb-c',
      ready: false,
      message:
        'drifted from what was applied: in sandbox sb-c, chain svc-web000000000 had 0 of 1 rule; repairing',
    });
    expect(report?.conditions).toContainEqual({ object: 'loadbalancer/sb-c', ready: true });
  });
});
