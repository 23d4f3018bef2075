import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type {
  DesiredNetwork,
  DesiredSandbox,
  DesiredState,
  DiagnosticAnswer,
  DiagnosticQuery,
} from '@switchyard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCapabilities } from '../capabilities/detect.js';
import { exec } from '../osl/exec.js';
import { listNetns, netnsExec } from '../osl/ip.js';
import {
  document,
  endpoint,
  overlayNetwork,
  peerOf,
  sandbox,
} from '../test-support/reconcile/documents.fixture.js';
import { fakeServices } from '../test-support/reconcile/fake-dataplane.js';
import { realKernel } from '../osl/kernel.js';
import { realDataplane } from '../osl/real-dataplane.js';
import { Reconciler } from '../reconcile/reconciler.js';
import { createEmbeddedDns } from '../resolver/index.js';
import type { EmbeddedDns } from '../resolver/embedded-dns.js';
import { memoryNamespaceRecord } from '../sandbox/record.js';
import { createDiagnostics } from './diagnose.js';

// Two lab hosts on an underlay (192.168.70.0/24), an overlay (VNI 310) between them with a sandbox on
// each, the embedded DNS and a VIP in host 1's sandbox: what the agent's probes and reads see there.
const prefix = 'sydg-t';
const ns = (name: string) => `${prefix}-${name}`;
const hosts = [ns('h1'), ns('h2')] as const;
const underlayAddress = (host: 1 | 2) => `192.168.70.2${host}`;
const servers: ChildProcess[] = [];
let dns: EmbeddedDns;
let host1Agent: Reconciler;

const noIpv6 = ['-w', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'];

async function createLab(): Promise<void> {
  for (const name of [ns('u'), ...hosts]) {
    await exec('ip', ['netns', 'add', name]);
    await netnsExec(name, 'sysctl', noIpv6);
  }
  await exec(
    'ip',
    ['-n', ns('u'), '-batch', '-'],
    'link set lo up\nlink add ul type bridge\nlink set ul up\n',
  );
  for (const [i, host] of hosts.entries()) {
    const n = (i + 1) as 1 | 2;
    await exec(
      'ip',
      ['-n', ns('u'), '-batch', '-'],
      `link add h${n} type veth peer name eth0 netns ${host}\nlink set h${n} master ul up\n`,
    );
    await exec(
      'ip',
      ['-n', host, '-batch', '-'],
      `link set lo up\naddr add ${underlayAddress(n)}/24 dev eth0\nlink set eth0 up\n`,
    );
  }
}

const ours = async () =>
  (await listNetns()).map((entry) => entry.name).filter((name) => name.startsWith(`${prefix}-`));

const template = overlayNetwork('ov310', '10.70.1.0/24', { vni: 310, netns: 'x', localUnderlay: '0.0.0.0' });
const aEndpoint = { ...endpoint(template, '10.70.1.2'), gateway: null };
const cEndpoint = { ...endpoint(template, '10.70.1.3'), gateway: null };
const overlayOn = (host: 1 | 2, peer: typeof aEndpoint, peerHost: 1 | 2): DesiredNetwork =>
  overlayNetwork('ov310', '10.70.1.0/24', {
    vni: 310,
    netns: ns(`h${host}-ov-310`),
    localUnderlay: underlayAddress(host),
    peers: [peerOf(peer, underlayAddress(peerHost))],
  });

const serviceId = 'svcdiagnosti'.padEnd(25, 'x');
const a: DesiredSandbox = {
  ...sandbox('a', ns('h1-sb-a'), [aEndpoint]),
  dns: {
    embedded: true,
    servers: [],
    search: [],
    records: [
      { name: 'c', address: '10.70.1.3' },
      { name: 'svc', address: '10.70.1.9' },
    ],
    srv: [{ name: '_8080._tcp.svc', target: 'svc', port: 8080 }],
  } as unknown as DesiredSandbox['dns'],
  virtualServices: [
    { serviceId, vip: '10.70.1.9', ports: [{ protocol: 'tcp', port: 8080 }], backends: ['10.70.1.3'] },
  ] as DesiredSandbox['virtualServices'],
};
const c = sandbox('c', ns('h2-sb-c'), [cEndpoint]);
const host1Document: DesiredState = document(1, [overlayOn(1, cEndpoint, 2)], [a]);
const host2Document: DesiredState = document(1, [overlayOn(2, aEndpoint, 1)], [c]);

const diagnose = createDiagnostics({ document: () => host1Document, hostNetns: hosts[0] });

async function ask(query: DiagnosticQuery): Promise<DiagnosticAnswer> {
  const response = await diagnose({ queries: [query] });
  if (!response.ok) throw new Error(response.error);
  const [answer] = response.answers;
  if (answer === undefined) throw new Error('no answer');
  return answer;
}

async function probe(spec: Extract<DiagnosticQuery, { kind: 'probe' }>['probe']) {
  const answer = await ask({ id: 'p', kind: 'probe', sandboxId: a.id, probe: spec });
  if (!answer.ok || answer.probe === undefined)
    throw new Error(`the probe did not run: ${JSON.stringify(answer)}`);
  return answer.probe;
}

async function read(
  where: Extract<DiagnosticQuery, { kind: 'read' }>['where'],
  fact: 'links' | 'routes' | 'neighbours' | 'fdb' | 'ruleset' | 'ports',
) {
  const answer = await ask({ id: 'r', kind: 'read', where, fact });
  if (!answer.ok || answer.fact === undefined) throw new Error(`nothing was read: ${JSON.stringify(answer)}`);
  return answer.fact;
}

beforeAll(async () => {
  await createLab();
  const { capabilities } = await detectCapabilities();
  dns = createEmbeddedDns({ log: () => undefined, upstreams: [] });
  const services = fakeServices([]);
  for (const [i, desired] of [host1Document, host2Document].entries()) {
    const host = hosts[i] ?? '';
    const reconciler = new Reconciler({
      sysctls: realKernel(host),
      dataplane: realDataplane(memoryNamespaceRecord(), host),
      capabilities,
      ...services,
      ...(i === 0 ? { dns } : {}),
    });
    if (i === 0) host1Agent = reconciler;
    const report = await reconciler.onDesired(desired);
    expect(report?.conditions.filter((condition) => !condition.ready)).toEqual([]);
  }
  // What answers on c: an HTTP server on 8080, which the VIP's backend port also is.
  servers.push(
    spawn(
      'ip',
      ['netns', 'exec', ns('h2-sb-c'), 'python3', '-m', 'http.server', '8080', '--bind', '0.0.0.0'],
      {
        cwd: '/tmp',
        stdio: 'ignore',
      },
    ),
  );
  for (let attempt = 0; ; attempt++) {
    const listening = await netnsExec(ns('h2-sb-c'), 'nc', ['-z', '127.0.0.1', '8080']).then(
      () => true,
      () => false,
    );
    if (listening) break;
    if (attempt >= 50) throw new Error('the HTTP server in c did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

afterAll(async () => {
  for (const server of servers) server.kill('SIGKILL');
  await Promise.all(servers.map((server) => new Promise((resolve) => server.once('close', resolve))));
  // Without sandboxes the resolver closes its listeners and takes its /etc/netns files away.
  await dns.sync([]);
  await dns.close();
  for (const name of await ours()) await exec('ip', ['netns', 'del', name]);
  expect(await ours()).toEqual([]);
  expect(existsSync(`/etc/netns/${ns('h1-sb-a')}`)).toBe(false);
});

describe('probes from inside a sandbox', () => {
  it('looks names up through the embedded DNS, A and SRV, and says what ran', async () => {
    const lookup = await probe({ tool: 'dns', name: 'c', type: 'A' });
    expect(lookup.argv.slice(0, 5)).toEqual(['ip', 'netns', 'exec', ns('h1-sb-a'), 'dig']);
    expect(lookup.exitCode).toBe(0);
    expect(lookup.output).toMatch(/status: NOERROR/);
    expect(lookup.output).toMatch(/\sIN\s+A\s+10\.70\.1\.3/);
    const srv = await probe({ tool: 'dns', name: '_8080._tcp.svc', type: 'SRV' });
    expect(srv.output).toMatch(/\sIN\s+SRV\s+0 0 8080 svc\./);
    const unknown = await probe({ tool: 'dns', name: 'nobody', type: 'A' });
    expect(unknown.output).toMatch(/status: NXDOMAIN/);
  });

  it('pings across the overlay, and connects over TCP to the task and to the VIP', async () => {
    const ping = await probe({ tool: 'ping', host: '10.70.1.3', count: 2 });
    expect(ping.exitCode).toBe(0);
    expect(ping.output).toContain('2 received');
    const direct = await probe({ tool: 'tcp', host: 'c', port: 8080 });
    expect(direct.exitCode).toBe(0);
    expect(direct.output).toMatch(/succeeded/);
    const vip = await probe({ tool: 'tcp', host: '10.70.1.9', port: 8080 });
    expect(vip.exitCode).toBe(0);
    const closed = await probe({ tool: 'tcp', host: '10.70.1.3', port: 8081 });
    expect(closed.exitCode).toBe(1);
    expect(closed.output).toMatch(/refused/);
  });

  it('GETs a URL path and shows the response with its headers', async () => {
    const get = await probe({ tool: 'http', host: 'svc', port: 8080, path: '/' });
    expect(get.exitCode).toBe(0);
    expect(get.output).toMatch(/^HTTP\/1\.0 200 OK/);
    expect(get.output).toContain('Directory listing');
  });

  it('captures for a bounded time and summarises what it saw', async () => {
    const capture = probe({ tool: 'capture', seconds: 2, maxPackets: 50, protocol: 'icmp' });
    // tcpdump needs a moment to listen; the pings come after it.
    await new Promise((resolve) => setTimeout(resolve, 700));
    await netnsExec(ns('h1-sb-a'), 'ping', ['-c', '3', '-i', '0.2', '-W', '1', '10.70.1.3']);
    const result = await capture;
    expect(result.durationMs).toBeGreaterThanOrEqual(1_900);
    expect(result.durationMs).toBeLessThan(5_000);
    expect(result.capture?.byProtocol).toEqual([{ protocol: 'ICMP', count: 6 }]);
    expect(result.capture?.byPeer).toEqual([
      { peers: '10.70.1.2 > 10.70.1.3', count: 3 },
      { peers: '10.70.1.3 > 10.70.1.2', count: 3 },
    ]);
    expect(result.capture?.firstLines[0]).toMatch(
      /eth0 +Out IP 10\.70\.1\.2 > 10\.70\.1\.3: ICMP echo request/,
    );
  });
});

describe('reads of a host', () => {
  it("shows the overlay's namespace: br0, the VXLAN link, its peer's neighbour and FDB entries", async () => {
    const overlay = { scope: 'network' as const, networkId: template.id };
    const links = await read(overlay, 'links');
    expect(links.fact === 'links' && links.links.find((link) => link.name === 'vx-310')).toMatchObject({
      kind: 'vxlan',
      master: 'br0',
      vni: 310,
      mtu: 1450,
    });
    const fdb = await read(overlay, 'fdb');
    expect(fdb.fact === 'fdb' && fdb.fdb.filter((entry) => entry.device === 'vx-310')).toContainEqual({
      mac: cEndpoint.mac,
      device: 'vx-310',
      destination: underlayAddress(2),
      master: null,
      state: 'permanent',
      self: true,
    });
    const neighbours = await read(overlay, 'neighbours');
    expect(neighbours).toEqual({
      fact: 'neighbours',
      neighbours: [{ address: '10.70.1.3', device: 'vx-310', mac: cEndpoint.mac, state: 'permanent' }],
    });
    const routes = await read(overlay, 'routes');
    expect(routes.fact === 'routes' && routes.routes).toContainEqual(
      expect.objectContaining({ destination: '10.70.1.0/24', device: 'br0', source: '10.70.1.1' }),
    );
  });

  it("reads the host's own routes, and a sandbox's load-balancer table", async () => {
    const routes = await read({ scope: 'host' }, 'routes');
    expect(routes.fact === 'routes' && routes.routes).toContainEqual(
      expect.objectContaining({ destination: '192.168.70.0/24', device: 'eth0' }),
    );
    const lb = await ask({
      id: 'lb',
      kind: 'read',
      where: { scope: 'sandbox', sandboxId: a.id },
      fact: 'nft',
      table: { family: 'ip', name: 'switchyard_lb' },
    });
    expect(lb).toMatchObject({
      ok: true,
      netns: ns('h1-sb-a'),
      fact: { fact: 'nft', nft: { present: true } },
    });
    const text = lb.ok && lb.fact?.fact === 'nft' ? lb.fact.nft.text : '';
    expect(text).toContain(`10.70.1.9 . tcp . 8080 : goto svc-${serviceId.slice(0, 12)}`);
    expect(text).toMatch(/dnat to numgen random mod 1 map \{ 0 : 10\.70\.1\.3 \}/);
    const absent = await ask({
      id: 'none',
      kind: 'read',
      where: { scope: 'host' },
      fact: 'nft',
      table: { family: 'ip', name: 'switchyard_ingress' },
    });
    expect(absent).toMatchObject({ ok: true, fact: { fact: 'nft', nft: { present: false, text: '' } } });
  });

  it('reads every nft table of a sandbox, one it did not make too, its sysctls, and the bridge ports', async () => {
    const sandboxNs = ns('h1-sb-a');
    await netnsExec(sandboxNs, 'nft', ['add', 'table', 'inet', 'hid']);
    try {
      const ruleset = await read({ scope: 'sandbox', sandboxId: a.id }, 'ruleset');
      const tables =
        ruleset.fact === 'ruleset' ? ruleset.nftables.flatMap((item) => item['table'] ?? []) : [];
      expect(tables).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ family: 'ip', name: 'switchyard_lb' }),
          expect.objectContaining({ family: 'inet', name: 'hid' }),
        ]),
      );
    } finally {
      await netnsExec(sandboxNs, 'nft', ['delete', 'table', 'inet', 'hid']);
    }
    const sysctls = await ask({
      id: 'sysctls',
      kind: 'read',
      where: { scope: 'sandbox', sandboxId: a.id },
      fact: 'sysctls',
      sysctls: [
        'net.ipv4.conf.all.rp_filter',
        'net.ipv4.conf.eth0.rp_filter',
        'net.ipv4.conf.eth7.rp_filter',
      ],
    });
    expect(sysctls).toMatchObject({
      ok: true,
      fact: {
        fact: 'sysctls',
        sysctls: [
          { name: 'net.ipv4.conf.all.rp_filter', value: expect.stringMatching(/^[012]$/) },
          { name: 'net.ipv4.conf.eth0.rp_filter', value: expect.stringMatching(/^[012]$/) },
          { name: 'net.ipv4.conf.eth7.rp_filter', value: null },
        ],
      },
    });
    const ports = await read({ scope: 'network', networkId: template.id }, 'ports');
    expect(ports.fact === 'ports' && ports.ports.find((port) => port.name === 'vx-310')).toEqual({
      name: 'vx-310',
      master: 'br0',
      state: 'forwarding',
      up: true,
      carrier: true,
    });
  });

  it("sees a VIP's rule deleted by hand, which the agent's resync puts back and reports", async () => {
    const key = '10.70.1.9 . tcp . 8080';
    await netnsExec(ns('h1-sb-a'), 'nft', [
      'delete',
      'element',
      'ip',
      'switchyard_lb',
      'services',
      `{ ${key} }`,
    ]);
    const lbText = async () => {
      const answer = await ask({
        id: 'lb',
        kind: 'read',
        where: { scope: 'sandbox', sandboxId: a.id },
        fact: 'nft',
        table: { family: 'ip', name: 'switchyard_lb' },
      });
      return answer.ok && answer.fact?.fact === 'nft' ? answer.fact.nft.text : '';
    };
    expect(await lbText()).not.toContain(key);
    expect((await probe({ tool: 'tcp', host: '10.70.1.9', port: 8080 })).exitCode).not.toBe(0);
    const report = await host1Agent.resync();
    expect(report?.driftRepaired).toEqual([`loadbalancer/${a.name}`]);
    expect(await lbText()).toContain(key);
    expect((await probe({ tool: 'tcp', host: '10.70.1.9', port: 8080 })).exitCode).toBe(0);
    expect(await host1Agent.resync()).toBeUndefined();
  });

  it('enters nothing the desired document does not name', async () => {
    expect(
      await ask({ id: 'x', kind: 'read', where: { scope: 'sandbox', sandboxId: c.id }, fact: 'links' }),
    ).toEqual({
      id: 'x',
      ok: false,
      error: `sandbox ${c.id.slice(0, 12)} is not on this host`,
    });
  });
});
