import { spawn, type ChildProcess } from 'node:child_process';
import type { DesiredState } from '@switchyard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTable } from '../firewall/apply.js';
import { natTable } from '../firewall/tables.js';
import { hostVethName } from '../drivers/names.js';
import { exec } from '../osl/exec.js';
import { listNetns, netnsExec } from '../osl/ip.js';
import { readLinks } from '../osl/links.js';
import { nft } from '../osl/nft.js';
import { memoryNamespaceRecord } from '../sandbox/record.js';
import {
  bridgeNetwork,
  document,
  endpoint,
  port,
  sandbox,
} from '../test-support/reconcile/documents.fixture.js';
import { fakeServices } from '../test-support/reconcile/fake-dataplane.js';
import { realKernel } from '../osl/kernel.js';
import { realDataplane } from '../osl/real-dataplane.js';
import { Reconciler } from './reconciler.js';

const prefix = `syd${process.pid}`;
const host = `${prefix}-host`;
const peer = `${prefix}-peer`;
const ns = (name: string) => `${prefix}-sb-${name}`;
const servers: ChildProcess[] = [];

const netA = bridgeNetwork('aa', 'br-aa', '172.30.1.0/24');
const netB = bridgeNetwork('bb', 'br-bb', '172.30.2.0/24');
const netI = bridgeNetwork('cc', 'br-cc', '172.30.3.0/24', { internal: true });
const web = sandbox(
  's1',
  ns('s1'),
  [endpoint(netA, '172.30.1.2')],
  [
    port(8080, '172.30.1.2', 80),
    port(5353, '172.30.1.2', 53, 'udp', '192.168.93.1'),
    port(8181, '172.30.1.2', 80, 'tcp', '127.0.0.1'),
  ],
);
const client = sandbox('s2', ns('s2'), [endpoint(netA, '172.30.1.3')]);
const other = sandbox('s3', ns('s3'), [endpoint(netB, '172.30.2.2')]);
const sealed = sandbox('s4', ns('s4'), [endpoint(netI, '172.30.3.2')]);
const full: DesiredState = document(1, [netA, netB, netI], [web, client, other, sealed]);

const calls: string[] = [];
const reconciler = new Reconciler({
  sysctls: realKernel(host),
  dataplane: realDataplane(memoryNamespaceRecord(), host),
  ...fakeServices(calls),
});

/** Python one-liners for the test's own servers and clients (no extra tooling needed). */
const tcpEcho = (bindPort: number) =>
  `import socket\ns=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind(('0.0.0.0',${bindPort}));s.listen()\nwhile True:\n c,a=s.accept();c.sendall(a[0].encode());c.close()`;
/** Answers `word` to whoever connects to `address:bindPort`: a service the host keeps to itself. */
const tcpSay = (address: string, bindPort: number, word: string) =>
  `import socket\ns=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind(('${address}',${bindPort}));s.listen()\nwhile True:\n c,a=s.accept();c.sendall(b'${word}');c.close()`;
const udpEcho = `import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(('0.0.0.0',53))\nwhile True:\n d,a=s.recvfrom(512);s.sendto(b'pong',a)`;
const tcpAsk = (address: string, target: number) =>
  `import socket\ns=socket.create_connection(('${address}',${target}),timeout=2);print(s.recv(64).decode())`;
const udpAsk = (address: string, target: number) =>
  `import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.settimeout(2);s.sendto(b'ping',('${address}',${target}));print(s.recv(64).decode())`;

function serve(netns: string, script: string): void {
  servers.push(spawn('ip', ['netns', 'exec', netns, 'python3', '-c', script], { stdio: 'ignore' }));
}

async function ask(netns: string, script: string): Promise<string> {
  return (await netnsExec(netns, 'python3', ['-c', script])).stdout.trim();
}

async function eventually(check: () => Promise<string>, expected: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const answer = await check().catch((error: unknown) => String(error));
    if (answer === expected || Date.now() > deadline) {
      expect(answer).toBe(expected);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const ping = (from: string, address: string) =>
  netnsExec(from, 'ping', ['-c', '1', '-W', '1', address]).then(
    () => true,
    () => false,
  );

async function ours(): Promise<string[]> {
  return (await listNetns()).map((entry) => entry.name).filter((name) => name.startsWith(prefix));
}

beforeAll(async () => {
  await exec('ip', ['netns', 'add', host]);
  await exec('ip', ['netns', 'add', peer]);
  // An underlay-like link between the test's host and a peer, inside the test's own namespaces.
  await exec('ip', ['-n', host, 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'up0', 'netns', peer]);
  await exec(
    'ip',
    ['-n', host, '-batch', '-'],
    'link set lo up\nlink set up0 up\naddr add 192.168.93.1/24 dev up0\n',
  );
  await exec(
    'ip',
    ['-n', peer, '-batch', '-'],
    'link set lo up\nlink set up0 up\naddr add 192.168.93.2/24 dev up0\n',
  );
  serve(peer, tcpEcho(9000));
});

afterAll(async () => {
  for (const server of servers) server.kill('SIGKILL');
  await Promise.all(servers.map((server) => new Promise((resolve) => server.once('close', resolve))));
  for (const name of await ours()) await exec('ip', ['netns', 'del', name]);
  expect(await ours()).toEqual([]);
});

describe('bridge networks on real namespaces', () => {
  it('plumbs two bridges, an internal one and four sandboxes, all ready', async () => {
    const report = await reconciler.onDesired(full);
    expect(report?.conditions.filter((condition) => !condition.ready)).toEqual([]);
    expect(report?.conditions.map((condition) => condition.object)).toEqual(
      expect.arrayContaining([`network/${netA.id}`, `sandbox/${web.id}`, 'firewall/switchyard_nat']),
    );
    expect(calls.at(-2)).toBe('dns.sync sb-s1,sb-s2,sb-s3,sb-s4');
    expect(calls.at(-1)).toBe('runtime.sync sb-s1,sb-s2,sb-s3,sb-s4');
    const inside = await readLinks(ns('s1'));
    expect(inside.find((link) => link.name === 'eth0')).toMatchObject({
      mac: '02:42:ac:1e:01:02',
      addresses: ['172.30.1.2/24'],
      up: true,
    });
    serve(ns('s1'), tcpEcho(80));
    serve(ns('s1'), udpEcho);
  });

  it('connects sandboxes on one bridge and isolates bridges from each other', async () => {
    expect(await ping(ns('s2'), '172.30.1.2')).toBe(true);
    expect(await ping(ns('s3'), '172.30.1.2')).toBe(false);
    expect(await ping(ns('s1'), '172.30.2.2')).toBe(false);
  });

  it('publishes ports to other hosts, the host itself and the same bridge (hairpin)', async () => {
    await eventually(() => ask(peer, tcpAsk('192.168.93.1', 8080)), '192.168.93.2');
    // The host itself, to one of its own addresses (which is also the connection's source).
    await eventually(() => ask(host, tcpAsk('192.168.93.1', 8080)), '192.168.93.1');
    await eventually(() => ask(ns('s2'), tcpAsk('192.168.93.1', 8080)), '172.30.1.1');
    await eventually(() => ask(peer, udpAsk('192.168.93.1', 5353)), 'pong');
  });

  it('never redirects a connection from the host to 127.0.0.1:<published port>', async () => {
    // Before: the output hook's DNAT took it to the container, which answered 172.30.1.1. Now the
    // host's own service on 127.0.0.1:8080 answers, as with Docker's `! -d 127.0.0.0/8`.
    serve(host, tcpSay('127.0.0.1', 8080, 'host'));
    await eventually(() => ask(host, tcpAsk('127.0.0.1', 8080)), 'host');
    // Nothing listens on 127.0.0.2:8080, and nothing takes it to the container either.
    await expect(ask(host, tcpAsk('127.0.0.2', 8080))).rejects.toThrow(/Connection refused/);
  });

  it('takes the host to a port bound to 127.0.0.1 (-p 127.0.0.1:8181:80), and no one else', async () => {
    // The container sees the connection come from its gateway (route_localnet and the masquerade).
    await eventually(() => ask(host, tcpAsk('127.0.0.1', 8181)), '172.30.1.1');
    await expect(ask(peer, tcpAsk('192.168.93.1', 8181))).rejects.toThrow(/Connection refused/);
  });

  it('drops packets to the host’s 127.0.0.0/8 from a bridge with route_localnet=1 or another host', async () => {
    const [localnet] = (
      await netnsExec(host, 'sysctl', ['-n', 'net.ipv4.conf.br-aa.route_localnet'])
    ).stdout.split('\n');
    expect(localnet).toBe('1');
    serve(host, tcpSay('0.0.0.0', 7999, 'loopback-service'));
    await eventually(() => ask(host, tcpAsk('127.0.0.2', 7999)), 'loopback-service');
    // A sandbox on br-aa routes 127.0.0.2 to its gateway, as a hostile container could.
    await exec('ip', [
      '-n',
      ns('s2'),
      'route',
      'add',
      '127.0.0.2/32',
      'via',
      '172.30.1.1',
      'dev',
      'eth0',
      'table',
      'local',
    ]);
    await netnsExec(ns('s2'), 'sysctl', ['-w', 'net.ipv4.conf.eth0.route_localnet=1']);
    // And another host routes it to this host over the underlay.
    await exec('ip', [
      '-n',
      peer,
      'route',
      'add',
      '127.0.0.2/32',
      'via',
      '192.168.93.1',
      'dev',
      'up0',
      'table',
      'local',
    ]);
    await netnsExec(peer, 'sysctl', ['-w', 'net.ipv4.conf.up0.route_localnet=1']);
    const fromSandbox = () => ask(ns('s2'), tcpAsk('127.0.0.2', 7999));
    const fromPeer = () => ask(peer, tcpAsk('127.0.0.2', 7999));
    await expect(fromSandbox()).rejects.toThrow(/timed out/);
    await expect(fromPeer()).rejects.toThrow(/timed out/);

    // Without the drop rule the sandbox reaches the host's loopback service: the rule is what stops it.
    await nft(['delete', 'chain', 'inet', 'switchyard_filter', 'prerouting'], undefined, host);
    await eventually(fromSandbox, 'loopback-service');
    expect((await reconciler.resync())?.driftRepaired).toEqual(['firewall/switchyard_filter']);
    await expect(fromSandbox()).rejects.toThrow(/timed out/);

    await exec('ip', ['-n', ns('s2'), 'route', 'del', '127.0.0.2/32', 'table', 'local']);
    await exec('ip', ['-n', peer, 'route', 'del', '127.0.0.2/32', 'table', 'local']);
  });

  it('masquerades egress and gives an internal network none', async () => {
    expect(await ask(ns('s2'), tcpAsk('192.168.93.2', 9000))).toBe('192.168.93.1');
    expect(await ping(ns('s4'), '192.168.93.2')).toBe(false);
    expect(await ping(ns('s4'), '172.30.1.2')).toBe(false);
  });

  it('puts back a deleted veth and a flushed table, and reports the drift', async () => {
    await exec('ip', ['-n', host, 'link', 'del', hostVethName(client.id, netA.id)]);
    await nft(['flush', 'table', 'ip', 'switchyard_nat'], undefined, host);
    expect(await ping(ns('s2'), '172.30.1.2')).toBe(false);

    const report = await reconciler.resync();
    expect(report?.driftRepaired.sort()).toEqual(['firewall/switchyard_nat', `sandbox/${client.id}`]);
    expect(await ping(ns('s2'), '172.30.1.2')).toBe(true);
    await eventually(() => ask(peer, tcpAsk('192.168.93.1', 8080)), '192.168.93.2');
    expect(await reconciler.resync()).toBeUndefined();
  });

  it('isolates by its forward filter: without the table the bridges talk, and resync restores it', async () => {
    await nft(['delete', 'table', 'inet', 'switchyard_filter'], undefined, host);
    expect(await ping(ns('s3'), '172.30.1.2')).toBe(true);
    expect((await reconciler.resync())?.driftRepaired).toEqual(['firewall/switchyard_filter']);
    expect(await ping(ns('s3'), '172.30.1.2')).toBe(false);
  });

  it('removes everything it made when nothing is desired', async () => {
    calls.length = 0;
    const report = await reconciler.onDesired(document(2, [], []));
    expect(report?.conditions).toEqual([]);
    // The runtime and DNS let go of the sandboxes before their namespaces go.
    expect(calls).toEqual(['runtime.sync ', 'dns.sync ', 'dns.sync ', 'runtime.sync ']);
    const links = await readLinks(host);
    expect(links.filter((link) => link.kind === 'bridge' || link.kind === 'veth').map((l) => l.name)).toEqual(
      ['up0'],
    );
    expect(await listTable(natTable, host)).toBeUndefined();
    expect((await nft(['list', 'tables'], undefined, host)).stdout).toBe('');
    expect((await ours()).sort()).toEqual([host, peer]);
  });
});
