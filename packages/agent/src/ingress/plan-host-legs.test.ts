import { describe, expect, it } from 'vitest';
import type { LinkState } from '../osl/links.js';
import { ingressPeerName, meshPeerName, planHostLegs, type HostLeg } from './plan-host-legs.js';

const leg = (name: string, address: string, netns: string): HostLeg => ({
  endpoint: { interfaceName: name, address, prefixLength: 16, mac: `02:42:0a:ff:00:${address.slice(-2)}` },
  overlay: { netns, mtu: 1450 },
});
const ingress = leg('ingress0', '10.255.0.12', 'h1-ov-4096');

const veth = (change: Partial<LinkState> = {}): LinkState => ({
  name: 'ingress0',
  kind: 'veth',
  master: undefined,
  up: true,
  mtu: 1450,
  mac: '02:42:0a:ff:00:12',
  alias: undefined,
  hairpin: undefined,
  addresses: ['10.255.0.12/16'],
  ...change,
});

describe("the host's legs into overlays", () => {
  it('plumbs a veth into br0 of the overlay namespace, and only when it is not right', () => {
    expect(planHostLegs([ingress], ingressPeerName, [], [])).toEqual({
      host: [
        'link add ingress0 address 02:42:0a:ff:00:12 mtu 1450 type veth peer name ingress-peer mtu 1450 netns h1-ov-4096',
        'addr add 10.255.0.12/16 dev ingress0',
        'link set ingress0 up',
      ],
      spaces: [{ netns: 'h1-ov-4096', lines: ['link set ingress-peer master br0 up'] }],
    });
    expect(planHostLegs([ingress], ingressPeerName, [veth()], ['ingress0'])).toEqual({
      host: [],
      spaces: [],
    });
    expect(planHostLegs([ingress], ingressPeerName, [veth({ addresses: [] })], []).host[0]).toBe(
      'link del ingress0',
    );
    expect(planHostLegs([], ingressPeerName, [veth()], ['ingress0'])).toEqual({
      host: ['link del ingress0'],
      spaces: [],
    });
    expect(planHostLegs([], ingressPeerName, [], ['ingress0'])).toEqual({ host: [], spaces: [] });
  });

  it('keeps one leg per mesh network, each with its own peer, and removes the one no longer wanted', () => {
    const a = leg('hrm-a', '10.20.0.21', 'h1-ov-a');
    const b = leg('hrm-b', '10.21.0.22', 'h1-ov-b');
    const present = veth({ name: 'hrm-a', mac: a.endpoint.mac, addresses: ['10.20.0.21/16'] });
    const plan = planHostLegs(
      [a, b],
      meshPeerName,
      [present, veth({ name: 'hrm-old' })],
      ['hrm-old', 'hrm-a'],
    );
    expect(plan.host).toEqual([
      'link del hrm-old',
      'link add hrm-b address 02:42:0a:ff:00:22 mtu 1450 type veth peer name hrm-peer mtu 1450 netns h1-ov-b',
      'addr add 10.21.0.22/16 dev hrm-b',
      'link set hrm-b up',
    ]);
    expect(plan.spaces).toEqual([{ netns: 'h1-ov-b', lines: ['link set hrm-peer master br0 up'] }]);
  });
});
