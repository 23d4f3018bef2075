import type { VirtualService } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { lbTable, lbTableSpec } from '../loadbalancer/render-lb.js';
import { FakeDataplane } from '../test-support/reconcile/fake-dataplane.js';
import { skeletonChains, VerdictTables } from './verdict-sync.js';

const found = (findings: readonly { found: string }[]) => findings.map((finding) => finding.found);

const web = {
  serviceId: 'webwebwebwebweb',
  vip: '10.0.9.2',
  ports: [
    { protocol: 'tcp', port: 80 },
    { protocol: 'tcp', port: 443 },
  ],
  backends: ['10.0.9.5', '10.0.9.6'],
} as VirtualService;

function setUp() {
  const dataplane = new FakeDataplane();
  const tables = new VerdictTables(dataplane);
  return { dataplane, tables };
}

describe('VerdictTables', () => {
  it('finds a map element deleted by hand when it verifies, and puts the table back', async () => {
    const { dataplane, tables } = setUp();
    const spec = lbTableSpec([web]);
    expect(await tables.sync('sb', lbTable, spec)).toEqual([]);
    expect(await tables.sync('sb', lbTable, spec)).toEqual([]);

    dataplane.byHand('sb', lbTable, 'delete element ip switchyard_lb services { 10.0.9.2 . tcp . 80 }');
    // A quick pass trusts the kernel to hold what it applied.
    expect(await tables.sync('sb', lbTable, spec, false)).toEqual([]);
    expect(dataplane.mapElements('sb', lbTable, 'services')).toEqual([
      '10.0.9.2 . tcp . 443 : goto svc-webwebwebweb',
    ]);

    expect(found(await tables.sync('sb', lbTable, spec))).toEqual([
      'map services lacked 10.0.9.2 . tcp . 80 : goto svc-webwebwebweb',
    ]);
    expect(dataplane.mapElements('sb', lbTable, 'services')?.sort()).toEqual([
      '10.0.9.2 . tcp . 443 : goto svc-webwebwebweb',
      '10.0.9.2 . tcp . 80 : goto svc-webwebwebweb',
    ]);
    expect(await tables.sync('sb', lbTable, spec)).toEqual([]);
  });

  it('finds a service chain emptied by hand whose map elements stayed', async () => {
    const { dataplane, tables } = setUp();
    const spec = lbTableSpec([web]);
    await tables.sync('sb', lbTable, spec);
    dataplane.byHand('sb', lbTable, 'flush chain ip switchyard_lb svc-webwebwebweb');
    expect(await tables.sync('sb', lbTable, spec)).toEqual([
      {
        found: 'chain svc-webwebwebweb had 0 of 1 rule',
        restored:
          'restored `dnat to numgen random mod 2 map { 0 : 10.0.9.5, 1 : 10.0.9.6 }` in chain svc-webwebwebweb',
      },
    ]);
    expect(await tables.sync('sb', lbTable, spec)).toEqual([]);
  });

  it('finds a rule edited in place once the chain was read right, even after a push rewrote it', async () => {
    const { dataplane, tables } = setUp();
    await tables.sync('sb', lbTable, lbTableSpec([web]));
    const fewer = lbTableSpec([{ ...web, backends: web.backends.slice(0, 1) }]);
    // The push rewrites the chain: its rules are checked by count until a verify reads them.
    await tables.sync('sb', lbTable, fewer, false);
    expect(await tables.sync('sb', lbTable, fewer)).toEqual([]);
    dataplane.byHand('sb', lbTable, 'flush chain ip switchyard_lb svc-webwebwebweb');
    dataplane.byHand('sb', lbTable, 'add rule ip switchyard_lb svc-webwebwebweb drop');
    expect(found(await tables.sync('sb', lbTable, fewer))).toEqual([
      'chain svc-webwebwebweb had rule 1 changed',
    ]);
  });

  it('finds a hook chain flushed by hand and says how many of its rules were left', async () => {
    const { dataplane, tables } = setUp();
    const spec = lbTableSpec([web]);
    await tables.sync('sb', lbTable, spec);
    await tables.sync('sb', lbTable, spec);
    dataplane.byHand('sb', lbTable, 'flush chain ip switchyard_lb output');
    expect(await tables.sync('sb', lbTable, spec)).toEqual([
      {
        found: 'chain output had 0 of 1 rule',
        restored: 'restored `ip daddr . meta l4proto . th dport vmap @services` in chain output',
      },
    ]);
  });

  it('finds a table deleted by hand', async () => {
    const { dataplane, tables } = setUp();
    const spec = lbTableSpec([web]);
    await tables.sync('sb', lbTable, spec);
    dataplane.nftTables.delete('sb switchyard_lb');
    expect(found(await tables.sync('sb', lbTable, spec))).toEqual(['table ip switchyard_lb was missing']);
    expect(dataplane.mapElements('sb', lbTable, 'services')).toHaveLength(2);
  });

  it('reads a table once per verify, whatever the number of services', async () => {
    const { dataplane, tables } = setUp();
    const many = Array.from({ length: 200 }, (_, i) => ({
      ...web,
      serviceId: `svc${String(i).padStart(12, '0')}`,
      vip: `10.0.${Math.floor(i / 200) + 10}.${(i % 200) + 2}`,
    })) as VirtualService[];
    const spec = lbTableSpec(many);
    await tables.sync('sb', lbTable, spec);
    let reads = 0;
    const list = dataplane.listTableJsonIn.bind(dataplane);
    dataplane.listTableJsonIn = (netns, table) => {
      reads += 1;
      return list(netns, table);
    };
    expect(await tables.sync('sb', lbTable, spec)).toEqual([]);
    expect(reads).toBe(1);
  });
});

describe('skeletonChains', () => {
  it('reads each chain of a rendered skeleton with its rules, the hook line left out', () => {
    const skeleton = lbTableSpec([web])?.skeleton ?? '';
    expect(skeletonChains(skeleton)).toEqual(
      new Map([
        ['output', ['ip daddr . meta l4proto . th dport vmap @services']],
        [
          'reject-output',
          [
            'ip daddr . meta l4proto . th dport @no-backends meta l4proto tcp reject with tcp reset',
            'ip daddr . meta l4proto . th dport @no-backends reject',
          ],
        ],
      ]),
    );
  });
});
