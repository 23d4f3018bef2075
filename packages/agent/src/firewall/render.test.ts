import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { goldenDocuments, renderedRuleset } from '../test-support/firewall/golden-documents.js';
import {
  bridgeNetwork,
  document,
  endpoint,
  port,
  sandbox,
} from '../test-support/reconcile/documents.fixture.js';
import { renderNat } from './render-nat.js';
import { renderFirewall } from './render.js';
import { derivedSysctls } from '../reconcile/derived-sysctls.js';

describe('firewall renderers', () => {
  for (const name of Object.keys(goldenDocuments)) {
    it(`renders ${name} as in __golden__/${name}.nft`, async () => {
      const golden = await readFile(new URL(`./__golden__/${name}.nft`, import.meta.url), 'utf8');
      expect(renderedRuleset(name)).toBe(golden);
    });
  }

  it('renders no table for nothing, and none for host or null networks', () => {
    expect(renderFirewall({ networks: [], sandboxes: [] }).map((table) => table.body)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it("binds a port without an address to its network's host_binding_ipv4", () => {
    const net = bridgeNetwork('aa', 'br-aa', '172.18.0.0/16', { hostBindingIpv4: '192.168.99.11' });
    const sb = sandbox(
      's1',
      'ns1',
      [endpoint(net, '172.18.0.2')],
      [port(80, '172.18.0.2', 80), port(81, '172.18.0.2', 80, 'tcp', '127.0.0.1')],
    );
    const nat = renderNat(document(1, [net], [sb])) ?? '';
    expect(nat).toContain('ip daddr 192.168.99.11 tcp dport 80 dnat to 172.18.0.2:80');
    expect(nat).toContain('ip daddr 127.0.0.1 tcp dport 81 dnat to 172.18.0.2:80');
  });

  it('publishes nothing into an internal network', () => {
    const net = bridgeNetwork('cc', 'br-cc', '172.20.0.0/16', { internal: true });
    const sb = sandbox('s1', 'ns1', [endpoint(net, '172.20.0.2')], [port(80, '172.20.0.2', 80)]);
    expect(renderNat(document(1, [net], [sb]))).toBeUndefined();
  });
});

describe('route_localnet and its drop rule', () => {
  const drop = 'iifname != "lo" ip saddr != 127.0.0.0/8 ip daddr 127.0.0.0/8 drop';
  for (const [name, doc] of Object.entries(goldenDocuments)) {
    it(`come together or not at all (${name})`, () => {
      const localnet = Object.keys(derivedSysctls(doc).perBridge).some((key) =>
        key.endsWith('.route_localnet'),
      );
      expect(renderedRuleset(name).includes(drop)).toBe(localnet);
    });
  }

  it('DNATs a loopback destination in the output hook only to a port bound to that address', () => {
    const nat = renderedRuleset('published-ports');
    expect(nat).toContain('ip daddr != 127.0.0.0/8 fib daddr type local jump published');
    expect(nat).not.toMatch(/hook output[^}]*\n\t\tfib daddr type local/);
    expect(nat).toContain('ip daddr 127.0.0.0/8 jump published_loopback');
    const loopbackChain = /chain published_loopback \{([^}]*)\}/.exec(nat)?.[1] ?? '';
    expect(loopbackChain.trim()).toBe('ip daddr 127.0.0.1 tcp dport 8443 dnat to 172.18.0.2:443;');
    expect(/chain published \{([^}]*)\}/.exec(nat)?.[1]).not.toContain('127.0.0.1');
  });

  it('sets route_localnet only on a bridge that a loopback-bound port forwards into', () => {
    const net = bridgeNetwork('aa', 'br-aa', '172.18.0.0/16');
    const everywhere = sandbox('s1', 'ns1', [endpoint(net, '172.18.0.2')], [port(8080, '172.18.0.2', 80)]);
    expect(derivedSysctls(document(1, [net], [everywhere])).perBridge).toEqual({});
    const loopbackOnly = sandbox(
      's1',
      'ns1',
      [endpoint(net, '172.18.0.2')],
      [port(8080, '172.18.0.2', 80, 'tcp', '127.0.0.1')],
    );
    expect(derivedSysctls(document(1, [net], [loopbackOnly])).perBridge).toEqual({
      'net.ipv4.conf.br-aa.route_localnet': '1',
    });
  });
});
