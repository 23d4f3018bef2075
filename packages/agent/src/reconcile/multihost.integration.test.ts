import { spawn, type ChildProcess } from 'node:child_process';
import type { Condition, DesiredNetwork, DesiredSandbox, DesiredState } from '@switchyard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCapabilities } from '../capabilities/detect.js';
import { vxlanName } from '../drivers/overlay/overlay-driver.js';
import { exec } from '../osl/exec.js';
import { netnsExec } from '../osl/ip.js';
import { readNetworkSpace } from '../osl/space.js';
import { memoryNamespaceRecord } from '../sandbox/record.js';
import {
  bridgeNetwork,
  document,
  endpoint,
  macvlanNetwork,
  overlayNetwork,
  peerOf,
  sandbox,
} from '../test-support/reconcile/documents.fixture.js';
import { fakeServices } from '../test-support/reconcile/fake-dataplane.js';
import { realKernel } from '../osl/kernel.js';
import { realDataplane } from '../osl/real-dataplane.js';
import { Reconciler } from './reconciler.js';
import { capture, createUnderlayLab, type UnderlayLab } from '../test-support/reconcile/underlay-lab.js';

const prefix = `syo${process.pid}`;
const ns = (name: string) => `${prefix}-${name}`;
const servers: ChildProcess[] = [];
let lab: UnderlayLab;
const agents = new Map<number, Reconciler>();

/** Each lab host runs its own agent, as `switchyard lab up` does. */
async function agentOn(host: number): Promise<Reconciler> {
  const { capabilities } = await detectCapabilities();
  const reconciler = new Reconciler({
    sysctls: realKernel(lab.hosts[host - 1]),
    dataplane: realDataplane(memoryNamespaceRecord(), lab.hosts[host - 1]),
    capabilities,
    ...fakeServices([]),
  });
  agents.set(host, reconciler);
  return reconciler;
}

const agent = (host: number) => {
  const found = agents.get(host);
  if (found === undefined) throw new Error(`no agent on host ${host}`);
  return found;
};

let revision = 0;
async function apply(host: number, networks: DesiredNetwork[], sandboxes: DesiredSandbox[]) {
  const desired: DesiredState = document(++revision, networks, sandboxes);
  const report = await agent(host).onDesired(desired);
  if (report === undefined) throw new Error('the push was ignored');
  return report;
}

const failed = (conditions: readonly Condition[]) => conditions.filter((condition) => !condition.ready);

const ping = (from: string, address: string) =>
  netnsExec(from, 'ping', ['-c', '1', '-W', '1', address]).then(
    () => true,
    () => false,
  );

const tcpEcho = (bindPort: number) =>
  `import socket\ns=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind(('0.0.0.0',${bindPort}));s.listen()\nwhile True:\n c,a=s.accept();c.sendall(a[0].encode());c.close()`;
const tcpAsk = (address: string, target: number) =>
  `import socket\ns=socket.create_connection(('${address}',${target}),timeout=2);print(s.recv(64).decode())`;

function serve(netns: string, script: string): void {
  servers.push(spawn('ip', ['netns', 'exec', netns, 'python3', '-c', script], { stdio: 'ignore' }));
}

async function ask(netns: string, script: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await netnsExec(netns, 'python3', ['-c', script])).stdout.trim();
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

type Peers = NonNullable<DesiredNetwork['overlay']>['peers'];

// The overlay VNI 300 on hosts 1 and 3, each host with its own namespace for it (as the control
// plane names them), and a second overlay VNI 301 on the same two hosts.
const overlayOn = (host: number, vni: number, subnet: string, peers: Peers) =>
  overlayNetwork(`ov${vni}`, subnet, {
    vni,
    netns: ns(`h${host}-ov-${vni}`),
    localUnderlay: lab.address(host),
    peers,
  });
const template300 = overlayNetwork('ov300', '10.0.1.0/24', {
  vni: 300,
  netns: 'x',
  localUnderlay: '0.0.0.0',
});
const template301 = overlayNetwork('ov301', '10.0.2.0/24', {
  vni: 301,
  netns: 'x',
  localUnderlay: '0.0.0.0',
});
const a1 = endpoint(template300, '10.0.1.2');
const c3 = endpoint(template300, '10.0.1.3');
const b1 = endpoint(template301, '10.0.2.2');
const b3 = endpoint(template301, '10.0.2.3');
const noGateway = <T extends { gateway: unknown }>(e: T): T => ({ ...e, gateway: null });
const gwbridge = bridgeNetwork('gw1', 'docker_gwbridge', '172.31.0.0/16', { icc: false });

function host1Overlay(peersOf300: Peers = [peerOf(c3, '192.168.85.13')]) {
  const ov300 = overlayOn(1, 300, '10.0.1.0/24', peersOf300);
  const ov301 = overlayOn(1, 301, '10.0.2.0/24', [peerOf(b3, '192.168.85.13')]);
  const a = sandbox('a', ns('h1-sb-a'), [noGateway(a1), endpoint(gwbridge, '172.31.0.2', 'eth1')]);
  const b = sandbox('b', ns('h1-sb-b'), [noGateway(b1)]);
  return { networks: [ov300, ov301, gwbridge], sandboxes: [a, b] };
}

function host3Overlay() {
  const ov300 = overlayOn(3, 300, '10.0.1.0/24', [peerOf(a1, '192.168.85.11')]);
  const ov301 = overlayOn(3, 301, '10.0.2.0/24', [peerOf(b1, '192.168.85.11')]);
  const c = sandbox('c', ns('h3-sb-c'), [noGateway(c3)]);
  const d = sandbox('d', ns('h3-sb-d'), [noGateway(b3)]);
  return { networks: [ov300, ov301], sandboxes: [c, d] };
}

beforeAll(async () => {
  lab = await createUnderlayLab(prefix, 3);
  for (const host of [1, 2, 3]) await agentOn(host);
});

afterAll(async () => {
  for (const server of servers) server.kill('SIGKILL');
  await Promise.all(servers.map((server) => new Promise((resolve) => server.once('close', resolve))));
  expect(await lab.destroy()).toEqual([]);
});

describe('overlay (VXLAN) across lab hosts', () => {
  it('plumbs VNI 300 and 301 on hosts 1 and 3, all ready', async () => {
    const one = host1Overlay();
    const three = host3Overlay();
    expect(failed((await apply(1, one.networks, one.sandboxes)).conditions)).toEqual([]);
    expect(failed((await apply(3, three.networks, three.sandboxes)).conditions)).toEqual([]);
    const space = await readNetworkSpace(ns('h1-ov-300'));
    expect(space.links.find((link) => link.name === vxlanName(300))).toMatchObject({
      master: 'br0',
      mtu: 1450,
      vxlan: { id: 300, port: 4789, local: '192.168.85.11', learning: false, proxy: true },
    });
    expect(space.neighbours).toEqual([{ device: 'vx-300', address: '10.0.1.3', mac: c3.mac }]);
    expect(space.fdb).toEqual([{ device: 'vx-300', mac: c3.mac, dst: '192.168.85.13' }]);
    // The agent's pass is stable: a resync of a converged kernel changes nothing.
    expect(await agent(1).resync()).toBeUndefined();
  });

  it('carries ping across hosts as VXLAN unicast only: no ARP inside it, no flood', async () => {
    // The underlay's own ARP between the hosts is settled first; it is not VXLAN traffic.
    expect(await ping(lab.hosts[0] ?? '', lab.address(3))).toBe(true);
    const seen = await capture(lab.underlay, lab.port(1), 4);
    const pinged = await netnsExec(ns('h1-sb-a'), 'ping', ['-c', '2', '-i', '0.2', '-W', '1', '10.0.1.3']);
    const timer = setTimeout(() => seen.process.kill('SIGINT'), 5_000);
    const lines = await seen.done;
    clearTimeout(timer);
    console.log(`underlay capture on ${lab.port(1)}:\n${lines.join('\n')}`);
    expect(pinged.stdout).toContain('2 received');
    // tcpdump prints each packet's outer header with a timestamp and the frame VXLAN carries below.
    const outer = lines.filter((line) => /^\d/.test(line));
    const inner = lines.filter((line) => !/^\d/.test(line));
    expect(outer).toHaveLength(4);
    const vxlan =
      /^\S+ IP 192\.168\.85\.1([13])\.\d+ > 192\.168\.85\.1([13])\.4789: VXLAN, flags \[I\] \(0x08\), vni 300$/;
    for (const line of outer) {
      const match = vxlan.exec(line);
      expect(match, line).not.toBeNull();
      expect(match?.[1]).not.toBe(match?.[2]);
    }
    expect(inner).toHaveLength(4);
    for (const line of inner)
      expect(line).toMatch(/^IP 10\.0\.1\.[23] > 10\.0\.1\.[23]: ICMP echo (request|reply)/);
    expect(lines.join('\n')).not.toMatch(/ARP|ff:ff:ff:ff:ff:ff/);
  });

  it('exchanges TCP across hosts, and reaches the underlay through docker_gwbridge', async () => {
    serve(ns('h3-sb-c'), tcpEcho(7000));
    expect(await ask(ns('h1-sb-a'), tcpAsk('10.0.1.3', 7000))).toBe('10.0.1.2');
    serve(lab.hosts[1] ?? '', tcpEcho(7001));
    // Masqueraded by host 1's gateway bridge: host 2 sees host 1's underlay address.
    expect(await ask(ns('h1-sb-a'), tcpAsk(lab.address(2), 7001))).toBe('192.168.85.11');
  });

  it('isolates two overlays from each other', async () => {
    expect(await ping(ns('h1-sb-b'), '10.0.2.3')).toBe(true);
    expect(await ping(ns('h1-sb-a'), '10.0.2.3')).toBe(false);
    expect(await ping(ns('h1-sb-b'), '10.0.1.3')).toBe(false);
    expect(await ping(ns('h3-sb-d'), '10.0.1.2')).toBe(false);
  });

  it('puts back a deleted FDB entry, neighbour and VXLAN link on resync, and reports it', async () => {
    const ov = ns('h1-ov-300');
    await exec('bridge', ['-n', ov, 'fdb', 'del', c3.mac, 'dev', 'vx-300', 'dst', '192.168.85.13', 'self']);
    await exec('ip', ['-n', ov, 'neigh', 'del', '10.0.1.3', 'dev', 'vx-300']);
    expect(await ping(ns('h1-sb-a'), '10.0.1.3')).toBe(false);
    const first = await agent(1).resync();
    expect(first?.driftRepaired).toEqual([`network/${template300.id}`]);
    expect(await ping(ns('h1-sb-a'), '10.0.1.3')).toBe(true);

    await exec('ip', ['-n', ov, 'link', 'del', 'vx-300']);
    expect(await ping(ns('h1-sb-a'), '10.0.1.3')).toBe(false);
    const second = await agent(1).resync();
    expect(second?.driftRepaired).toEqual([`network/${template300.id}`]);
    expect(await ping(ns('h1-sb-a'), '10.0.1.3')).toBe(true);
    expect(await agent(1).resync()).toBeUndefined();
  });

  it('removes the entries of a peer that left, and the overlay namespace where no endpoint is left', async () => {
    const one = host1Overlay([]);
    expect(failed((await apply(1, one.networks, one.sandboxes)).conditions)).toEqual([]);
    const space = await readNetworkSpace(ns('h1-ov-300'));
    expect(space.neighbours).toEqual([]);
    expect(space.fdb).toEqual([]);
    const three = host3Overlay();
    await apply(3, three.networks.slice(1), three.sandboxes.slice(1));
    const names = (await exec('ip', ['netns', 'list'])).stdout;
    expect(names).not.toContain(ns('h3-ov-300'));
    expect(names).not.toContain(ns('h3-sb-c'));
    expect(names).toContain(ns('h3-ov-301'));
  });
});

describe("macvlan on the hosts' underlay eth0", () => {
  const bridgeMode = macvlanNetwork('mvb', 'eth0', 'bridge', '192.168.85.0/24', '192.168.85.1');
  const privateMode = macvlanNetwork('mvp', 'eth0', 'private', '192.168.85.0/24', '192.168.85.1');
  const vlan10 = macvlanNetwork('mv10', 'eth0.10', 'bridge', '192.168.86.0/24', '192.168.86.1');
  const passthru = macvlanNetwork('mvt', 'eth0', 'passthru', '192.168.85.0/24', '192.168.85.1');
  const on = (id: string, network: DesiredNetwork, address: string) =>
    sandbox(id, ns(`sb-${id}`), [endpoint(network, address)]);
  const m1 = on('m1', bridgeMode, '192.168.85.101');
  const m2 = on('m2', bridgeMode, '192.168.85.102');
  const m3 = on('m3', bridgeMode, '192.168.85.103');
  const p1 = on('p1', privateMode, '192.168.85.111');
  const p2 = on('p2', privateMode, '192.168.85.112');
  const v1 = on('v1', vlan10, '192.168.86.2');

  it('refuses eth0.10 without 802.1Q and plumbs the rest', async () => {
    const one = await apply(1, [bridgeMode, vlan10], [m1, m2, v1]);
    expect(failed(one.conditions)).toEqual([
      {
        object: `network/${vlan10.id}`,
        ready: false,
        message: 'kernel has no 802.1Q support: cannot create parent eth0.10',
      },
      { object: `sandbox/${v1.id}`, ready: false, message: 'network net-mv10 is not ready' },
    ]);
    expect(failed((await apply(2, [bridgeMode, privateMode], [m3, p1, p2])).conditions)).toEqual([]);
  });

  it('lets bridge-mode siblings talk, keeps private-mode ones apart, and crosses the underlay', async () => {
    expect(await ping(ns('sb-m1'), '192.168.85.102')).toBe(true);
    expect(await ping(ns('sb-p1'), '192.168.85.112')).toBe(false);
    expect(await ping(ns('sb-m1'), '192.168.85.103')).toBe(true);
    expect(await ping(ns('sb-m2'), lab.address(3))).toBe(true);
  });

  it('allows one passthru child per parent and refuses the second clearly', async () => {
    await apply(3, [], []);
    const t1 = on('t1', passthru, '192.168.85.121');
    const t2 = on('t2', passthru, '192.168.85.122');
    const report = await apply(3, [passthru], [t1, t2]);
    expect(failed(report.conditions)).toEqual([
      {
        object: `sandbox/${t2.id}`,
        ready: false,
        message: 'passthru mode allows one container per parent eth0',
      },
    ]);
    expect(await ping(ns('sb-t1'), '192.168.85.101')).toBe(true);
  });

  it('removes everything when nothing is desired', async () => {
    for (const host of [1, 2, 3]) expect((await apply(host, [], [])).conditions).toEqual([]);
    const left = (await exec('ip', ['netns', 'list'])).stdout
      .split('\n')
      .filter((line) => line.startsWith(prefix))
      .map((line) => line.split(' ')[0])
      .sort();
    expect(left).toEqual([...lab.hosts, lab.underlay].sort());
    const links = (await exec('ip', ['-n', lab.hosts[0] ?? '', '-o', 'link', 'show'])).stdout;
    expect(links).not.toMatch(/vx-|docker_gwbridge|mv[0-9a-f]{7}/);
  });
});
