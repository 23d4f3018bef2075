import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capability } from '@switchyard/contracts';
import type { RunningControlPlane } from '../control-plane.js';
import type { FakeAgent } from '../test-support/fake-agent.js';
import {
  closeTestCluster,
  refusal,
  startTestCluster,
  until,
  type TestCluster,
} from '../test-support/test-cluster.js';

// Overlay and macvlan networks on the real control plane (throwaway SQLite) with three fake agents:
// host-1 and host-3 can do VXLAN, host-2 cannot; only host-3 has 802.1Q.

let cluster: TestCluster;
let controlPlane: RunningControlPlane;
let hosts: FakeAgent[];

beforeAll(async () => {
  cluster = await startTestCluster('multihost');
  controlPlane = cluster.controlPlane;
  const agent = (name: string, underlayAddress: string, capabilities: Capability[]) =>
    cluster.join(name, ['192.168.99.0/24', '10.0.0.0/24'], { underlayAddress, capabilities });
  // One after the other: the nodes are made in this order, which refusals that name a node follow.
  hosts = [
    await agent('host-1', '192.168.99.11', ['nftables', 'vxlan', 'macvlan']),
    await agent('host-2', '192.168.99.12', ['nftables', 'macvlan']),
    await agent('host-3', '192.168.99.13', ['nftables', 'vxlan', 'macvlan', '8021q']),
  ];
}, 60_000);

afterAll(() => closeTestCluster(cluster));

const networks = () => controlPlane.services.networks;
const containers = () => controlPlane.services.containers;
const host = (index: number) => hosts[index] as FakeAgent;

const onNode = (name: string) => ({ 'com.switchyard.node': name });

describe('overlay networks', () => {
  it('allocates a VNI from 256 and a /24 from 10.0.0.0/8 clear of every underlay', async () => {
    const ov = await networks().create({ name: 'ov', driver: 'overlay', attachable: true }, 'test');
    // The routing mesh's hrm network, made at start, holds VNI 256 and 10.0.1.0/24.
    expect(ov).toMatchObject({ scope: 'swarm', nodeId: null, vni: 257, peers: [], realisation: [] });
    // 10.0.0.0/24 is a route on the hosts (and ingress's): skipped.
    expect(ov.ipam).toEqual([{ subnet: '10.0.2.0/24', gateway: '10.0.2.1', auxAddresses: {} }]);
    const fixed = await networks().create(
      {
        name: 'fixed',
        driver: 'overlay',
        options: { 'com.docker.network.driver.overlay.vxlanid_list': '4097' },
      },
      'test',
    );
    expect([fixed.vni, fixed.ipam[0]?.subnet]).toEqual([4097, '10.0.3.0/24']);
    const clash = await refusal(
      networks().create(
        {
          name: 'again',
          driver: 'overlay',
          options: { 'com.docker.network.driver.overlay.vxlanid_list': '4097' },
        },
        'test',
      ),
    );
    expect(clash.message).toBe('VNI 4097 is already in use by network fixed');
    expect((await networks().create({ name: 'next', driver: 'overlay' }, 'test')).vni).toBe(258);
  });

  it('puts the ingress network on every node with a routing mesh leg, tasks or not', async () => {
    const ingress = await until(async () => {
      const view = await networks().get('ingress');
      return view.peers.length > 0 ? view : undefined;
    });
    expect(ingress.peers.map((peer) => peer.nodeName)).toEqual(['host-1', 'host-2', 'host-3']);
    expect(ingress.realisation.map((entry) => entry.nodeName)).toEqual(['host-1', 'host-2', 'host-3']);
  });

  it('refuses encrypted overlays where a node has no IPsec, and joins to unattachable ones', async () => {
    const encrypted = await refusal(
      networks().create({ name: 'sec', driver: 'overlay', options: { encrypted: '' } }, 'test'),
    );
    expect(encrypted.message).toBe("encrypted overlay needs IPsec ESP, which node host-1's kernel lacks");
    expect((await networks().list()).some((network) => network.name === 'sec')).toBe(false);
    const denied = await refusal(
      containers().create({ image: 'switchyard/whoami', networks: [{ network: 'fixed' }] }, 'test'),
    );
    expect(denied).toMatchObject({
      code: 'FORBIDDEN',
      message:
        'Could not attach to network fixed: rpc error: code = PermissionDenied desc = network fixed not manually attachable',
    });
  });

  it('lives on the nodes of its endpoints, each listing the others as peers, with docker_gwbridge egress', async () => {
    const ov = await networks().get('ov');
    const a = await containers().create(
      { name: 'a', image: 'switchyard/whoami', labels: onNode('host-1'), networks: [{ network: 'ov' }] },
      'test',
    );
    await containers().create(
      { name: 'c', image: 'switchyard/whoami', labels: onNode('host-3'), networks: [{ network: 'ov' }] },
      'test',
    );
    // Only the overlay shows among the container's networks, as in Docker.
    expect(a.networks.map((n) => [n.networkName, n.ipv4Address])).toEqual([['ov', '10.0.2.2']]);
    const doc1 = await until(() => {
      const doc = host(0).desired;
      const overlay = doc?.networks.find((n) => n.id === ov.id);
      return overlay?.overlay?.peers.length === 1 ? doc : undefined;
    });
    expect(doc1?.networks.map((n) => n.name)).toEqual(['bridge', 'docker_gwbridge', 'hrm', 'ingress', 'ov']);
    expect(doc1?.networks.find((n) => n.id === ov.id)?.overlay).toMatchObject({
      vni: 257,
      netns: 'host-1-ov-257',
      localUnderlay: '192.168.99.11',
      peers: [{ address: '10.0.2.3', mac: '02:42:0a:00:02:03', underlay: '192.168.99.13' }],
    });
    const sandbox = doc1?.sandboxes.find((s) => s.id === a.id);
    expect(sandbox?.endpoints.map((e) => [e.interfaceName, e.gateway === null])).toEqual([
      ['eth0', true],
      ['eth1', false],
    ]);
    // Each node gets its document in its own push: host-3's may come a moment after host-1's.
    const doc3 = await until(() => {
      const doc = host(2).desired;
      return doc?.networks.find((n) => n.id === ov.id)?.overlay?.peers.length === 1 ? doc : undefined;
    });
    expect(doc3?.networks.find((n) => n.id === ov.id)?.overlay?.peers).toEqual([
      { address: '10.0.2.2', mac: '02:42:0a:00:02:02', underlay: '192.168.99.11' },
    ]);
    // host-2 has no endpoint on it: no overlay there.
    expect(host(1).desired?.networks.some((n) => n.id === ov.id)).toBe(false);
    // Ready once both agents have reported the network/<id> condition.
    let view = await networks().get('ov');
    for (let tries = 0; !view.realisation.every((r) => r.ready) && tries < 100; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      view = await networks().get('ov');
    }
    expect(view.peers.map((p) => [p.nodeName, p.address])).toEqual([
      ['host-1', '192.168.99.11'],
      ['host-3', '192.168.99.13'],
    ]);
    expect(view.realisation.map((r) => [r.nodeName, r.ready])).toEqual([
      ['host-1', true],
      ['host-3', true],
    ]);
    expect(view.containers.map((x) => x.containerName).sort()).toEqual(['a', 'c']);
    const gw = (await networks().list()).filter((n) => n.name.endsWith('/docker_gwbridge'));
    expect(gw.map((n) => [n.name, n.scope, n.predefined])).toEqual([
      ['host-1/docker_gwbridge', 'local', true],
      ['host-3/docker_gwbridge', 'local', true],
    ]);

    // Removing c drops it from host-1's peers.
    await containers().remove('c', { force: true }, 'test');
    await until(() =>
      host(0).desired?.networks.find((n) => n.id === ov.id)?.overlay?.peers.length === 0 ? true : undefined,
    );
    expect(host(2).desired?.networks.some((n) => n.id === ov.id)).toBe(false);
    expect((await networks().get('ov')).peers.map((p) => p.nodeName)).toEqual(['host-1']);
    await containers().remove('a', { force: true }, 'test');
  });

  it('places an overlay container only on a node with VXLAN', async () => {
    const refused = await refusal(
      containers().create(
        { image: 'switchyard/whoami', labels: onNode('host-2'), networks: [{ network: 'ov' }] },
        'test',
      ),
    );
    expect(refused.message).toBe(
      'node host-2 cannot realise overlay network ov: its kernel has no VXLAN support',
    );
    // Unpinned, it goes to a VXLAN node even though host-2 is the least loaded.
    const placed = await containers().create(
      { image: 'switchyard/whoami', networks: [{ network: 'ov' }] },
      'test',
    );
    expect(placed.nodeName).not.toBe('host-2');
    await containers().remove(placed.id, { force: true }, 'test');
  });

  it('gives an internal overlay no gateway bridge endpoint, and connect/disconnect add and drop it', async () => {
    await networks().create({ name: 'inner', driver: 'overlay', internal: true, attachable: true }, 'test');
    const x = await containers().create(
      { name: 'x', image: 'switchyard/whoami', labels: onNode('host-1'), networks: [{ network: 'inner' }] },
      'test',
    );
    const endpoints = () => host(0).desired?.sandboxes.find((s) => s.id === x.id)?.endpoints ?? [];
    await until(() => (endpoints().length === 1 ? true : undefined));
    await networks().connect('ov', 'x', {}, 'test');
    await until(() => (endpoints().length === 3 ? true : undefined));
    expect(endpoints().map((e) => e.interfaceName)).toEqual(['eth0', 'eth1', 'eth2']);
    await networks().disconnect('ov', 'x', false, 'test');
    await until(() => (endpoints().length === 1 ? true : undefined));
    await containers().remove('x', { force: true }, 'test');
  });
});

describe('macvlan networks', () => {
  it('needs a subnet, a valid mode, and one network per parent per node', async () => {
    expect((await refusal(networks().create({ name: 'm0', driver: 'macvlan' }, 'test'))).message).toBe(
      'macvlan network m0 needs --subnet (and --gateway) of the underlay its parent eth0 is on',
    );
    const bad = await refusal(
      networks().create(
        {
          name: 'm0',
          driver: 'macvlan',
          ipam: [{ subnet: '192.168.99.0/24' }],
          options: { macvlan_mode: 'x' },
        },
        'test',
      ),
    );
    expect(bad.field).toBe('options.macvlan_mode');
    const m1 = await networks().create(
      {
        name: 'm1',
        driver: 'macvlan',
        ipam: [{ subnet: '192.168.99.0/24', gateway: '192.168.99.1', ipRange: '192.168.99.128/25' }],
        labels: onNode('host-1'),
      },
      'test',
    );
    expect(m1).toMatchObject({ scope: 'local', nodeName: 'host-1' });
    const second = await refusal(
      networks().create(
        { name: 'm2', driver: 'macvlan', ipam: [{ subnet: '192.168.50.0/24' }], labels: onNode('host-1') },
        'test',
      ),
    );
    expect(second.message).toBe(
      `network dm-${m1.id.slice(0, 12)} (m1) is already using parent interface eth0`,
    );
    // Another node's eth0 on the same underlay is fine.
    const onTwo = await networks().create(
      { name: 'm2', driver: 'macvlan', ipam: [{ subnet: '192.168.99.0/24' }], labels: onNode('host-2') },
      'test',
    );
    expect(onTwo.nodeName).toBe('host-2');
    await containers().create(
      { name: 'mc', image: 'switchyard/whoami', networks: [{ network: 'm1' }] },
      'test',
    );
    const doc = await until(() =>
      host(0).desired?.networks.some((n) => n.id === m1.id) ? host(0).desired : undefined,
    );
    expect(doc?.networks.find((n) => n.id === m1.id)?.macvlan).toEqual({
      parent: 'eth0',
      mode: 'bridge',
      mtu: null,
    });
    expect(doc?.sandboxes.find((s) => s.name === 'mc')?.endpoints[0]).toMatchObject({
      address: '192.168.99.128',
      gateway: '192.168.99.1',
    });
    await containers().remove('mc', { force: true }, 'test');
  });

  it('refuses a VLAN parent on a node without 802.1Q', async () => {
    const refused = await refusal(
      networks().create(
        {
          name: 'vlan',
          driver: 'macvlan',
          ipam: [{ subnet: '192.168.10.0/24' }],
          options: { parent: 'eth0.10' },
          labels: onNode('host-1'),
        },
        'test',
      ),
    );
    expect(refused).toMatchObject({
      message: 'kernel has no 802.1Q support (node host-1): cannot use parent eth0.10',
      field: 'options.parent',
    });
    const ok = await networks().create(
      {
        name: 'vlan',
        driver: 'macvlan',
        ipam: [{ subnet: '192.168.10.0/24' }],
        options: { parent: 'eth0.10' },
      },
      'test',
    );
    expect(ok.nodeName).toBe('host-3');
  });

  it('takes a swarm network’s settings from a config-only network, which is never realised', async () => {
    const cfg = await networks().create(
      {
        name: 'cfg',
        configOnly: true,
        ipam: [{ subnet: '192.168.20.0/24' }],
        options: { parent: 'eth1', macvlan_mode: 'passthru' },
      },
      'test',
    );
    expect(cfg).toMatchObject({ configOnly: true, driver: 'null', realisation: [] });
    const joined = await refusal(
      containers().create({ image: 'switchyard/whoami', networks: [{ network: 'cfg' }] }, 'test'),
    );
    expect(joined.message).toContain('config-only');
    expect(
      (
        await refusal(
          networks().create(
            { name: 'sw', driver: 'macvlan', configFrom: 'cfg', options: { parent: 'x' } },
            'test',
          ),
        )
      ).field,
    ).toBe('configFrom');
    const sw = await networks().create(
      { name: 'sw', driver: 'macvlan', scope: 'swarm', configFrom: 'cfg', attachable: true },
      'test',
    );
    expect(sw).toMatchObject({
      scope: 'swarm',
      configFrom: 'cfg',
      options: { parent: 'eth1', macvlan_mode: 'passthru' },
    });
    expect(sw.ipam[0]?.subnet).toBe('192.168.20.0/24');
    expect((await refusal(networks().remove('cfg', 'test'))).message).toBe(
      'configuration network "cfg" is in use by network sw',
    );
    // Passthru: the parent goes to one container per node.
    await containers().create(
      { name: 'p1', image: 'switchyard/whoami', labels: onNode('host-1'), networks: [{ network: 'sw' }] },
      'test',
    );
    const second = await refusal(
      containers().create(
        { name: 'p2', image: 'switchyard/whoami', labels: onNode('host-1'), networks: [{ network: 'sw' }] },
        'test',
      ),
    );
    expect(second.message).toBe(
      'network sw is in passthru mode: parent eth1 is already given to container p1 on this node',
    );
    await containers().create(
      { name: 'p3', image: 'switchyard/whoami', labels: onNode('host-3'), networks: [{ network: 'sw' }] },
      'test',
    );
    expect((await networks().get('sw')).realisation.map((r) => r.nodeName)).toEqual(['host-1', 'host-3']);
  });
});
