import { describe, expect, it } from 'vitest';
import { managedAlias } from '../drivers/driver.js';
import { hostVethName } from '../drivers/names.js';
import type { LinkState } from '../osl/links.js';
import type { DataplaneSnapshot } from '../osl/dataplane.js';
import { bridgeNetwork, document, endpoint, sandbox } from '../test-support/reconcile/documents.fixture.js';
import { planNet } from './net-plan.js';

const net = bridgeNetwork('aa', 'br-aa', '172.18.0.0/16', { mtu: 1400 });
const internal = bridgeNetwork('cc', 'br-cc', '172.20.0.0/16', { internal: true });
const sb = sandbox('s1', 'sy-h1-sb-s1', [endpoint(net, '172.18.0.2')]);
const veth = hostVethName(sb.id, net.id);

function link(name: string, fields: Partial<LinkState> = {}): LinkState {
  return {
    name,
    kind: 'veth',
    master: undefined,
    up: true,
    mtu: 1400,
    mac: '',
    alias: managedAlias,
    hairpin: undefined,
    addresses: [],
    ...fields,
  };
}

const bridgeLink = link('br-aa', { kind: 'bridge', addresses: ['172.18.0.1/16'] });
const portLink = link(veth, { master: 'br-aa', hairpin: true });

/** The kernel as a first pass would leave it for `sb` on `net`, with any part replaced. */
function converged(
  parts: { bridge?: LinkState; port?: LinkState; gateway?: string | null } = {},
): DataplaneSnapshot {
  return {
    host: [parts.bridge ?? bridgeLink, parts.port ?? portLink],
    namespaces: new Set(['sy-h1-sb-s1']),
    sandboxes: new Map([
      [
        'sy-h1-sb-s1',
        {
          links: [
            link('lo', { kind: undefined, alias: undefined, mtu: 65536 }),
            link('eth0', { alias: undefined, mac: '02:42:ac:12:00:02', addresses: ['172.18.0.2/16'] }),
          ],
          defaultGateway: parts.gateway === undefined ? '172.18.0.1' : parts.gateway,
        },
      ],
    ]),
    spaces: new Map(),
  };
}

const empty: DataplaneSnapshot = { host: [], namespaces: new Set(), sandboxes: new Map(), spaces: new Map() };

describe('planNet', () => {
  it('creates a bridge, a namespace and an endpoint with its default route from nothing', () => {
    const plan = planNet(document(1, [net], [sb]), empty, []);
    expect(plan.networks).toEqual([
      {
        object: `network/${net.id}`,
        netns: undefined,
        lines: [
          'link add br-aa type bridge nf_call_iptables 1',
          `link set br-aa alias ${managedAlias}`,
          'link set br-aa mtu 1400 up',
          'addr add 172.18.0.1/16 dev br-aa',
        ],
      },
    ]);
    expect(plan.newNamespaces).toEqual([{ object: `sandbox/${sb.id}`, netns: 'sy-h1-sb-s1' }]);
    expect(plan.endpointsHost[0]?.lines).toEqual([
      `link add ${veth} mtu 1400 type veth peer name eth0 address 02:42:ac:12:00:02 mtu 1400 netns sy-h1-sb-s1`,
      `link set ${veth} alias ${managedAlias}`,
      `link set ${veth} master br-aa mtu 1400 up`,
      `link set dev ${veth} type bridge_slave hairpin on`,
    ]);
    expect(plan.inside).toEqual([
      {
        object: `sandbox/${sb.id}`,
        netns: 'sy-h1-sb-s1',
        lines: [
          'link set lo up',
          'addr add 172.18.0.2/16 dev eth0',
          'link set eth0 up',
          'route replace default via 172.18.0.1',
        ],
      },
    ]);
    expect(plan.errors.size).toBe(0);
    expect(plan.objects).toEqual([`network/${net.id}`, `sandbox/${sb.id}`]);
  });

  it('plans nothing for a kernel that already matches', () => {
    const plan = planNet(document(1, [net], [sb]), converged(), ['sy-h1-sb-s1']);
    expect([...plan.networks, ...plan.endpointsHost, ...plan.inside, ...plan.insideBefore]).toEqual([]);
    expect([...plan.newNamespaces, ...plan.staleLinks, ...plan.staleNamespaces]).toEqual([]);
  });

  it('repairs only what drifted: a lost address, a detached port, a dropped route', () => {
    const snapshot = converged({
      bridge: { ...bridgeLink, addresses: [] },
      port: { ...portLink, master: undefined, hairpin: false },
      gateway: null,
    });
    const plan = planNet(document(1, [net], [sb]), snapshot, ['sy-h1-sb-s1']);
    expect(plan.networks[0]?.lines).toEqual(['addr add 172.18.0.1/16 dev br-aa']);
    expect(plan.endpointsHost[0]?.lines).toEqual([
      `link set ${veth} master br-aa mtu 1400 up`,
      `link set dev ${veth} type bridge_slave hairpin on`,
    ]);
    expect(plan.inside[0]?.lines).toEqual(['route replace default via 172.18.0.1']);
  });

  it('recreates a veth whose host side is gone, removing the stale peer first', () => {
    const snapshot = converged();
    snapshot.host = snapshot.host.filter((l) => l.name !== veth);
    const plan = planNet(document(1, [net], [sb]), snapshot, ['sy-h1-sb-s1']);
    expect(plan.insideBefore[0]?.lines).toEqual(['link del eth0']);
    expect(plan.endpointsHost[0]?.lines[0]).toMatch(/^link add veth/);
    expect(plan.inside[0]?.lines.at(-1)).toBe('route replace default via 172.18.0.1');
  });

  it('removes what the agent made and no longer wants, and nothing it did not make', () => {
    const snapshot = converged();
    snapshot.host.push(
      link('eth9', { alias: undefined }),
      link('docker0', { kind: 'bridge', alias: undefined }),
    );
    (snapshot.namespaces as Set<string>).add('someone-else');
    const plan = planNet(document(2, [], []), snapshot, ['sy-h1-sb-s1', 'sy-h1-sb-gone']);
    expect(plan.staleNamespaces).toEqual(['sy-h1-sb-s1']);
    expect(plan.staleLinks).toEqual([veth, 'br-aa']);
  });

  it('plans only a scope of new sandboxes, on networks as they are, taking nothing for stale', () => {
    const snapshot = converged();
    const added = sandbox('s2', 'sy-h1-sb-s2', [endpoint(net, '172.18.0.3')]);
    const scoped = { ...snapshot, namespaces: new Set([...snapshot.namespaces, 'sy-h1-sb-s2']) };
    const plan = planNet(
      document(2, [net], [sb, added]),
      scoped,
      ['sy-h1-sb-s1'],
      undefined,
      new Set([added.id]),
    );
    expect(plan.objects).toEqual([`sandbox/${added.id}`]);
    expect([...plan.networks, ...plan.staleLinks, ...plan.staleNamespaces]).toEqual([]);
    expect(plan.endpointsHost[0]?.lines[0]).toMatch(/^link add veth/);
    expect(plan.inside.map((step) => step.netns)).toEqual(['sy-h1-sb-s2']);
  });

  it('gives a sandbox on an internal network no default route, and removes one it has', () => {
    const sealed = sandbox('s4', 'sy-h1-sb-s4', [endpoint(internal, '172.20.0.2')]);
    const snapshot: DataplaneSnapshot = {
      ...empty,
      namespaces: new Set(['sy-h1-sb-s4']),
      sandboxes: new Map([['sy-h1-sb-s4', { links: [], defaultGateway: '172.20.0.1' }]]),
    };
    const plan = planNet(document(1, [internal], [sealed]), snapshot, []);
    expect(plan.inside[0]?.lines.filter((line) => line.startsWith('route'))).toEqual(['route del default']);
  });

  it('routes through the first endpoint that offers a gateway', () => {
    const two = sandbox('s5', 'sy-h1-sb-s5', [
      endpoint(internal, '172.20.0.5'),
      endpoint(net, '172.18.0.5', 'eth1'),
    ]);
    const plan = planNet(document(1, [internal, net], [two]), empty, []);
    expect(plan.inside[0]?.lines.at(-1)).toBe('route replace default via 172.18.0.1');
  });

  it('refuses a bridge name taken by a link it did not make, and blocks its endpoints', () => {
    const snapshot = { ...empty, host: [link('br-aa', { kind: 'bridge', alias: undefined })] };
    const plan = planNet(document(1, [net], [sb]), snapshot, []);
    expect(plan.errors.get(`network/${net.id}`)).toBe(
      'interface name br-aa is taken by a bridge switchyard did not create',
    );
    expect(plan.errors.get(`sandbox/${sb.id}`)).toBe('network net-aa is not ready');
    expect(plan.endpointsHost).toEqual([]);
  });

  it('needs no namespace for a host-mode sandbox and gives a null-network one only lo', () => {
    const hostNet = { ...bridgeNetwork('ho', 'x', '10.0.0.0/8'), driver: 'host' as const, bridge: undefined };
    const nullNet = { ...bridgeNetwork('nu', 'x', '10.0.0.0/8'), driver: 'null' as const, bridge: undefined };
    const onHost = sandbox('h1', null, []);
    const alone = sandbox('n1', 'sy-h1-sb-n1', [{ ...endpoint(nullNet, '10.0.0.2'), networkId: nullNet.id }]);
    const plan = planNet(document(1, [hostNet, nullNet], [onHost, alone]), empty, []);
    expect(plan.networks).toEqual([]);
    expect(plan.newNamespaces.map((entry) => entry.netns)).toEqual(['sy-h1-sb-n1']);
    expect(plan.inside.map((step) => step.lines)).toEqual([['link set lo up']]);
    expect(plan.errors.size).toBe(0);
  });
});
