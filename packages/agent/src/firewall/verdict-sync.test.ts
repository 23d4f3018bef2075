import type { VirtualService } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { lbTable, lbTableSpec } from '../loadbalancer/render-lb.js';
import { FakeDataplane } from '../test-support/reconcile/fake-dataplane.js';
import { VerdictTables } from './verdict-sync.js';

const web = {
  serviceId: 'webwebwebwebweb',
  vip: '10.0.9.2',
  ports: [
    { protocol: 'tcp', port: 80 },
    { protocol: 'tcp', port: 443 },
  ],
  backends: ['10.0.9.5', '10.0.9.6'],
} as VirtualService;

describe('VerdictTables', () => {
  it('finds a map element deleted by hand when it verifies, and puts the table back', async () => {
    const dataplane = new FakeDataplane();
    const tables = new VerdictTables(dataplane);
    const spec = lbTableSpec([web]);
    expect(await tables.sync('sb', lbTable, 'output', spec)).toBe(false);
    expect(await tables.sync('sb', lbTable, 'output', spec)).toBe(false);

    dataplane.deleteElement('sb', lbTable, 'services', '10.0.9.2 . tcp . 80');
    // A quick pass trusts the kernel to hold what it applied.
    expect(await tables.sync('sb', lbTable, 'output', spec, false)).toBe(false);
    expect(await dataplane.listMapIn('sb', lbTable, 'services')).toEqual([
      '10.0.9.2 . tcp . 443 : goto svc-webwebwebweb',
    ]);

    expect(await tables.sync('sb', lbTable, 'output', spec)).toBe(true);
    expect((await dataplane.listMapIn('sb', lbTable, 'services'))?.sort()).toEqual([
      '10.0.9.2 . tcp . 443 : goto svc-webwebwebweb',
      '10.0.9.2 . tcp . 80 : goto svc-webwebwebweb',
    ]);
    expect(await tables.sync('sb', lbTable, 'output', spec)).toBe(false);
  });
});
