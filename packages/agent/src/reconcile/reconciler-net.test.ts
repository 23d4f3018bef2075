import { describe, expect, it } from 'vitest';
import { hostVethName } from '../drivers/names.js';
import {
  bridgeNetwork,
  document,
  endpoint,
  port,
  sandbox,
} from '../test-support/reconcile/documents.fixture.js';
import { FakeDataplane, fakeServices } from '../test-support/reconcile/fake-dataplane.js';
import { FakeKernel } from '../test-support/reconcile/fake-kernel.js';
import { Reconciler } from './reconciler.js';

const net = bridgeNetwork('aa', 'br-aa', '172.18.0.0/16');
// Bound to 127.0.0.1, so the bridge also gets route_localnet and the filter table its drop rule.
const sb = sandbox(
  's1',
  'sy-h1-sb-s1',
  [endpoint(net, '172.18.0.2')],
  [port(8080, '172.18.0.2', 80, 'tcp', '127.0.0.1')],
);
const doc = document(1, [net], [sb]);

function setup() {
  const dataplane = new FakeDataplane();
  const kernel = new FakeKernel({ 'net.ipv4.ip_forward': '0', 'net.ipv4.conf.br-aa.route_localnet': '0' });
  const reconciler = new Reconciler({ sysctls: kernel, dataplane, ...fakeServices(dataplane.calls) });
  return { dataplane, kernel, reconciler };
}

describe('Reconciler with networks and sandboxes', () => {
  it('runs a pass in order: namespaces, networks, endpoints, firewall, DNS, runtime', async () => {
    const { dataplane, kernel, reconciler } = setup();
    const report = await reconciler.onDesired(doc);
    expect(report?.conditions).toEqual([
      { object: 'sysctl/net.ipv4.conf.br-aa.route_localnet', ready: true },
      { object: 'sysctl/net.ipv4.ip_forward', ready: true },
      { object: `network/${net.id}`, ready: true },
      { object: `sandbox/${sb.id}`, ready: true },
      { object: 'firewall/switchyard_nat', ready: true },
      { object: 'firewall/switchyard_filter', ready: true },
    ]);
    expect(kernel.values.get('net.ipv4.ip_forward')).toBe('1');
    const at = (part: string) => dataplane.calls.findIndex((call) => call.includes(part));
    // Namespaces come first: an overlay network's lines run inside its own.
    expect(at('netns add sy-h1-sb-s1')).toBeLessThan(at('link add br-aa'));
    expect(at('link add br-aa')).toBeLessThan(at('type veth peer'));
    expect(dataplane.calls.slice(-5)).toEqual([
      'sy-h1-sb-s1: route replace default via 172.18.0.1',
      'nft replace switchyard_nat',
      'nft replace switchyard_filter',
      'dns.sync sb-s1',
      'runtime.sync sb-s1',
    ]);
    expect(await dataplane.record.list()).toEqual(['sy-h1-sb-s1']);
  });

  it('stops processes and DNS of removed sandboxes before deleting their namespaces and links', async () => {
    const { dataplane, reconciler } = setup();
    await reconciler.onDesired(doc);
    dataplane.snapshot = {
      host: [
        {
          name: 'br-aa',
          kind: 'bridge',
          alias: 'switchyard',
          up: true,
          mtu: 1500,
          mac: '',
          master: undefined,
          hairpin: undefined,
          addresses: [],
        },
      ],
      namespaces: new Set(['sy-h1-sb-s1']),
      sandboxes: new Map(),
      spaces: new Map(),
    };
    dataplane.calls.length = 0;
    const report = await reconciler.onDesired(document(2, [], []));
    expect(report?.conditions).toEqual([]);
    expect(dataplane.calls).toEqual([
      'runtime.sync ',
      'dns.sync ',
      'netns del sy-h1-sb-s1',
      'host: link del br-aa',
      'nft delete switchyard_nat',
      'nft delete switchyard_filter',
      'dns.sync ',
      'runtime.sync ',
    ]);
    expect(await dataplane.record.list()).toEqual([]);
  });

  it('reports a failing line on its object and keeps the rest going', async () => {
    const { dataplane, reconciler } = setup();
    dataplane.failing.set('addr add 172.18.0.2/16 dev eth0', 'RTNETLINK answers: Permission denied');
    const report = await reconciler.onDesired(doc);
    expect(report?.conditions).toContainEqual({
      object: `sandbox/${sb.id}`,
      ready: false,
      message: 'addr add 172.18.0.2/16 dev eth0: RTNETLINK answers: Permission denied',
    });
    expect(report?.conditions).toContainEqual({ object: `network/${net.id}`, ready: true });
  });

  it('does not call a change a new document asks for drift', async () => {
    const { reconciler } = setup();
    await reconciler.onDesired(doc);
    // The fake kernel reads as empty, so the network and sandbox are touched again.
    const second = sandbox('s2', 'sy-h1-sb-s2', [endpoint(net, '172.18.0.3')], []);
    const report = await reconciler.onDesired(document(2, [net], [sb, second]));
    expect(report?.driftRepaired).toEqual([]);
  });

  it('calls a ready object found changed drift, and leaves an untouched table alone', async () => {
    const { dataplane, reconciler } = setup();
    await reconciler.onDesired(doc);
    // The fake kernel still reads as empty, so everything looks deleted by hand.
    dataplane.calls.length = 0;
    const report = await reconciler.resync();
    expect(report?.driftRepaired).toEqual([`network/${net.id}`, `sandbox/${sb.id}`]);
    expect(dataplane.calls).not.toContain('nft replace switchyard_nat');

    expect(report?.drift?.find((finding) => finding.object === `sandbox/${sb.id}`)).toMatchObject({
      found: 'namespace sy-h1-sb-s1 was missing; link vethd840437 was missing on the host',
      repaired: expect.stringMatching(/^ran `netns add sy-h1-sb-s1`, `.*` and \d+ more$/) as string,
    });

    dataplane.tables.set('switchyard_nat', 'flushed by hand');
    const flushed = await reconciler.resync();
    expect(flushed?.driftRepaired).toContain('firewall/switchyard_nat');
    expect(flushed?.drift).toContainEqual({
      object: 'firewall/switchyard_nat',
      found: expect.stringMatching(
        /^table ip switchyard_nat lacked 5 of 5 rules \(chain output `ip daddr 127.0.0.0\/8 jump published_loopback`, /,
      ) as string,
      repaired: 'replaced table ip switchyard_nat with what was applied, atomically',
    });
    expect(dataplane.tables.get('switchyard_nat')).toMatch(/dnat to 172.18.0.2:80/);
  });

  it('passes a DNS failure on as a condition and still runs the runtime', async () => {
    const { dataplane } = setup();
    const services = fakeServices(dataplane.calls);
    services.dns.sync = async () => {
      throw new Error('embedded DNS for sandbox s1: helper timed out');
    };
    const reconciler = new Reconciler({ sysctls: new FakeKernel(), dataplane, ...services });
    const report = await reconciler.onDesired(document(1, [], [sandbox('s1', null, [])]));
    expect(report?.conditions).toContainEqual({
      object: 'agent/dns',
      ready: false,
      message: 'embedded DNS for sandbox s1: helper timed out',
    });
    expect(dataplane.calls.at(-1)).toBe('runtime.sync sb-s1');
    expect(reconciler.observe()?.revision).toBe(1);
  });

  it('names the host veth from sandbox and network, within 15 characters', () => {
    expect(hostVethName(sb.id, net.id)).toMatch(/^veth[0-9a-f]{7}$/);
  });
});
