import { readFile } from 'node:fs/promises';
import type { DesiredState } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { renderVerdictTable } from '../firewall/verdict-map.js';
import { overlayNetwork } from '../test-support/reconcile/documents.fixture.js';
import { ingressTableSpec } from './render-ingress.js';

const network = overlayNetwork('ig', '10.255.0.0/16', {
  vni: 4096,
  netns: 'h1-ov-4096',
  localUnderlay: '192.168.85.11',
});
const ingress = {
  networkId: network.id,
  endpoint: { interfaceName: 'ingress0', address: '10.255.0.2', prefixLength: 16, mac: '02:42:0a:ff:00:02' },
  published: [
    {
      serviceId: 'web',
      protocol: 'tcp',
      publishedPort: 8080,
      targetPort: 80,
      backends: ['10.255.0.5', '10.255.0.6'],
    },
    { serviceId: 'dns', protocol: 'udp', publishedPort: 5353, targetPort: 53, backends: ['10.255.0.7'] },
    { serviceId: 'idle', protocol: 'tcp', publishedPort: 9000, targetPort: 9000, backends: [] },
  ],
} as NonNullable<DesiredState['ingress']>;

describe('routing mesh', () => {
  it('renders a chain per published port with tasks, as in __golden__/ingress.nft', async () => {
    const spec = ingressTableSpec(ingress);
    if (spec === undefined) throw new Error('no table');
    const golden = await readFile(new URL('./__golden__/ingress.nft', import.meta.url), 'utf8');
    expect(renderVerdictTable(spec)).toBe(golden);
    expect(ingressTableSpec(null)).toBeUndefined();
  });
});
