import { describe, expect, it } from 'vitest';
import type { LinkState } from '../../osl/links.js';
import type { NetworkSpace } from '../../osl/space.js';
import { endpoint, overlayNetwork, peerOf, sandbox } from '../../test-support/reconcile/documents.fixture.js';
import { linkView, managedAlias } from '../driver.js';
import { hostVethName } from '../names.js';
import { overlayDriver } from './overlay-driver.js';

const settings = { vni: 300, netns: 'h1-ov-300', localUnderlay: '192.168.85.11' };
const base = overlayNetwork('ov', '10.0.1.0/24', settings);
const remote = endpoint(base, '10.0.1.3');
const net = overlayNetwork('ov', '10.0.1.0/24', { ...settings, peers: [peerOf(remote, '192.168.85.13')] });
const next = endpoint(base, '10.0.1.4');
const moved = overlayNetwork('ov', '10.0.1.0/24', { ...settings, peers: [peerOf(next, '192.168.85.12')] });
const none = { host: linkView([]), space: undefined, capabilities: undefined };

function link(name: string, fields: Partial<LinkState> = {}): LinkState {
  const defaults = { kind: 'bridge', master: undefined, up: true, mtu: 1450, mac: '', alias: undefined };
  return { name, ...defaults, hairpin: undefined, addresses: [], ...fields };
}

/** The network's namespace as a first pass leaves it. */
function converged(parts: Partial<NetworkSpace> = {}): NetworkSpace {
  return {
    links: [
      link('br0', { addresses: ['10.0.1.1/24'] }),
      link('vx-300', {
        kind: 'vxlan',
        master: 'br0',
        vxlan: { id: 300, port: 4789, local: '192.168.85.11', learning: false, proxy: true },
      }),
    ],
    neighbours: [{ device: 'vx-300', address: '10.0.1.3', mac: remote.mac }],
    fdb: [{ device: 'vx-300', mac: remote.mac, dst: '192.168.85.13' }],
    ...parts,
  };
}

describe('overlay network planner', () => {
  it('creates the VXLAN in the host namespace, moves it in, and programs every peer', () => {
    expect(overlayDriver.planNetwork(net, none)).toEqual({
      lines: [
        'link add vx-300 type vxlan id 300 dstport 4789 local 192.168.85.11 nolearning proxy',
        'link set vx-300 netns h1-ov-300',
      ],
      spaceBefore: [],
      space: [
        'link add br0 type bridge',
        'link set br0 mtu 1450 up',
        'addr add 10.0.1.1/24 dev br0',
        'link set vx-300 master br0 mtu 1450 up',
        `neigh replace 10.0.1.3 lladdr ${remote.mac} dev vx-300 nud permanent`,
      ],
      fdb: [`fdb replace ${remote.mac} dev vx-300 dst 192.168.85.13 self permanent`],
    });
  });

  it('plans nothing for a namespace that already matches', () => {
    expect(overlayDriver.planNetwork(net, { ...none, space: converged() })).toEqual({
      lines: [],
      spaceBefore: [],
      space: [],
      fdb: [],
    });
  });

  it('adds a new peer and removes one that left', () => {
    const plan = overlayDriver.planNetwork(moved, { ...none, space: converged() });
    expect(plan.space).toEqual([
      'neigh del 10.0.1.3 dev vx-300',
      `neigh replace 10.0.1.4 lladdr ${next.mac} dev vx-300 nud permanent`,
    ]);
    expect(plan.fdb).toEqual([
      `fdb del ${remote.mac} dev vx-300 dst 192.168.85.13 self`,
      `fdb replace ${next.mac} dev vx-300 dst 192.168.85.12 self permanent`,
    ]);
  });

  it('puts back a lost FDB entry and re-points a peer whose node changed', () => {
    expect(overlayDriver.planNetwork(net, { ...none, space: converged({ fdb: [] }) }).fdb).toEqual([
      `fdb replace ${remote.mac} dev vx-300 dst 192.168.85.13 self permanent`,
    ]);
    const elsewhere = converged({ fdb: [{ device: 'vx-300', mac: remote.mac, dst: '192.168.85.12' }] });
    expect(overlayDriver.planNetwork(net, { ...none, space: elsewhere }).fdb).toEqual([
      `fdb del ${remote.mac} dev vx-300 dst 192.168.85.12 self`,
      `fdb replace ${remote.mac} dev vx-300 dst 192.168.85.13 self permanent`,
    ]);
  });

  it('makes a VXLAN without `proxy` again (the flag cannot be changed) with all its entries', () => {
    const space = converged();
    const wrong = space.links.map((l) => (l.vxlan ? { ...l, vxlan: { ...l.vxlan, proxy: false } } : l));
    const plan = overlayDriver.planNetwork(net, { ...none, space: { ...space, links: wrong } });
    expect(plan.spaceBefore).toEqual(['link del vx-300']);
    expect(plan.lines[0]).toMatch(/^link add vx-300 type vxlan/);
    expect(plan.space).toContain(`neigh replace 10.0.1.3 lladdr ${remote.mac} dev vx-300 nud permanent`);
    expect(plan.fdb).toHaveLength(1);
  });

  it('refuses a VXLAN name taken in the host namespace by something else', () => {
    const host = linkView([
      link('vx-300', {
        kind: 'vxlan',
        vxlan: { id: 9, port: 4789, local: undefined, learning: true, proxy: false },
      }),
    ]);
    expect(overlayDriver.planNetwork(net, { ...none, host }).error).toBe(
      'interface name vx-300 is taken in the host namespace',
    );
  });
});

describe('overlay endpoint planner', () => {
  const sb = { ...sandbox('a', 'h1-sb-a', []), netns: 'h1-sb-a' };
  const own = { ...endpoint(net, '10.0.1.2'), gateway: null };
  const veth = hostVethName(sb.id, net.id);
  const input = { sandbox: sb, endpoint: own, network: net, host: linkView([]), attachments: [] };

  it('runs a veth from the sandbox to br0 in the network namespace and offers no gateway', () => {
    const plan = overlayDriver.planEndpoint({ ...input, inside: linkView([]), space: linkView([]) });
    expect(plan.host).toEqual([
      `link add ${veth} mtu 1450 netns h1-ov-300 type veth peer name eth0 address ${own.mac} mtu 1450 netns h1-sb-a`,
    ]);
    expect(plan.space).toEqual([
      `link set ${veth} alias ${managedAlias}`,
      `link set ${veth} master br0 mtu 1450 up`,
    ]);
    expect(plan.inside).toEqual(['addr add 10.0.1.2/24 dev eth0', 'link set eth0 up']);
    expect(overlayDriver.gateway(net, own)).toBeNull();
  });

  it('plans nothing for a plumbed endpoint', () => {
    const inside = linkView([link('eth0', { kind: 'veth', mac: own.mac, addresses: ['10.0.1.2/24'] })]);
    const space = linkView([link(veth, { kind: 'veth', master: 'br0', alias: managedAlias })]);
    const plan = overlayDriver.planEndpoint({ ...input, inside, space });
    expect([...plan.host, ...plan.space, ...plan.inside, ...plan.insideBefore, ...plan.spaceBefore]).toEqual(
      [],
    );
  });
});

describe('overlay peer change', () => {
  it('moves a peer from the entries last applied to the new ones, in the network namespace', () => {
    expect(overlayDriver.planPeerChange?.(moved, net)).toEqual({
      netns: 'h1-ov-300',
      neigh: [
        'neigh del 10.0.1.3 dev vx-300',
        `neigh replace 10.0.1.4 lladdr ${next.mac} dev vx-300 nud permanent`,
      ],
      fdb: [
        `fdb del ${remote.mac} dev vx-300 dst 192.168.85.13 self`,
        `fdb replace ${next.mac} dev vx-300 dst 192.168.85.12 self permanent`,
      ],
    });
  });

  it('has nothing to change for a network not applied as an overlay before', () => {
    const { overlay: _overlay, ...plain } = net;
    expect(overlayDriver.planPeerChange?.(net, plain)).toBeUndefined();
  });
});
