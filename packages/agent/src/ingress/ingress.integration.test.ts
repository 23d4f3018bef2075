import { spawn, type ChildProcess } from 'node:child_process';
import type { DesiredNetwork, DesiredState } from '@switchyard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../osl/exec.js';
import { listNetns, netnsExec } from '../osl/ip.js';
import { document, endpoint, overlayNetwork, sandbox } from '../test-support/reconcile/documents.fixture.js';
import { fakeServices } from '../test-support/reconcile/fake-dataplane.js';
import { realKernel } from '../osl/kernel.js';
import { realDataplane } from '../osl/real-dataplane.js';
import { Reconciler } from '../reconcile/reconciler.js';
import { memoryNamespaceRecord } from '../sandbox/record.js';

// Two hosts and a client on an underlay bridge (192.168.82.0/25); the ingress overlay is .128/25.
const prefix = `syl${process.pid}`;
const ns = (name: string) => `${prefix}-${name}`;
const underlay = (host: number) => `192.168.82.1${host}`;
const servers: ChildProcess[] = [];

function ingressNetwork(
  host: number,
  peers: NonNullable<DesiredNetwork['overlay']>['peers'],
): DesiredNetwork {
  const network = overlayNetwork('ig', '192.168.82.0/24', {
    vni: 4096,
    netns: ns(`h${host}-ov`),
    localUnderlay: underlay(host),
    peers,
  });
  return {
    ...network,
    subnets: [{ subnet: '192.168.82.128/25', gateway: '192.168.82.129' }],
  } as DesiredNetwork;
}

const probe = ingressNetwork(1, []);
const task = endpoint(probe, '192.168.82.131');
const ingressEndpoint = (host: number) => {
  const address = host === 1 ? '192.168.82.130' : '192.168.82.132';
  const { mac } = endpoint(probe, address);
  return { interfaceName: 'ingress0', address, prefixLength: 25, mac };
};
const peer = (address: string, mac: string, host: number) => ({ address, mac, underlay: underlay(host) });

function hostDocument(host: number, revision: number, backends: string[]): DesiredState {
  const other = host === 1 ? 2 : 1;
  const peers = [peer(ingressEndpoint(other).address, ingressEndpoint(other).mac, other)];
  if (host === 1) peers.push(peer(task.address, task.mac, 2));
  const network = ingressNetwork(host, peers as NonNullable<DesiredNetwork['overlay']>['peers']);
  const sandboxes = host === 2 ? [sandbox('task', ns('h2-task'), [endpoint(network, task.address)])] : [];
  return {
    ...document(revision, [network], sandboxes),
    ingress: {
      networkId: network.id,
      endpoint: ingressEndpoint(host),
      published: [{ serviceId: 'web', protocol: 'tcp', publishedPort: 8080, targetPort: 80, backends }],
    },
  } as DesiredState;
}

const agents = [1, 2].map(
  (host) =>
    new Reconciler({
      sysctls: realKernel(ns(`h${host}`)),
      dataplane: realDataplane(memoryNamespaceRecord(), ns(`h${host}`)),
      ...fakeServices([]),
    }),
);

async function ours(): Promise<string[]> {
  return (await listNetns()).map((entry) => entry.name).filter((name) => name.startsWith(prefix));
}

const ask = (address: string) =>
  netnsExec(ns('client'), 'python3', [
    '-c',
    `import urllib.request\nprint(urllib.request.urlopen('http://${address}:8080/', timeout=3).read().decode())`,
  ]).then(
    (result) => result.stdout.trim(),
    (error: unknown) => String(error),
  );

beforeAll(async () => {
  const names = ['u', 'h1', 'h2', 'client'].map(ns);
  for (const name of names) await exec('ip', ['netns', 'add', name]);
  await exec(
    'ip',
    ['-n', ns('u'), '-batch', '-'],
    'link set lo up\nlink add ul type bridge\nlink set ul up\n',
  );
  const legs: [string, string][] = [
    [ns('h1'), `${underlay(1)}/25`],
    [ns('h2'), `${underlay(2)}/25`],
    [ns('client'), '192.168.82.50/25'],
  ];
  for (const [i, [name, address]] of legs.entries()) {
    await exec(
      'ip',
      ['-n', ns('u'), '-batch', '-'],
      `link add p${i} type veth peer name eth0 netns ${name}\nlink set p${i} master ul up\n`,
    );
    await exec(
      'ip',
      ['-n', name, '-batch', '-'],
      `link set lo up\naddr add ${address} dev eth0\nlink set eth0 up\n`,
    );
  }
}, 30_000);

afterAll(async () => {
  for (const server of servers) server.kill('SIGKILL');
  for (const name of await ours()) await exec('ip', ['netns', 'del', name]);
  expect(await ours()).toEqual([]);
});

describe('routing mesh', () => {
  it('answers a published port on every host, including one without a task', async () => {
    for (const [i, agent] of agents.entries()) {
      const report = await agent.onDesired(hostDocument(i + 1, 1, [task.address]));
      expect(report?.conditions.filter((condition) => !condition.ready)).toEqual([]);
    }
    servers.push(
      spawn(
        'ip',
        [
          'netns',
          'exec',
          ns('h2-task'),
          'python3',
          '-c',
          'import http.server,socketserver\nclass H(http.server.BaseHTTPRequestHandler):\n def do_GET(self):\n  self.send_response(200);self.end_headers();self.wfile.write(("task from "+self.client_address[0]).encode())\n def log_message(self,*a): pass\nhttp.server.HTTPServer(("0.0.0.0",80),H).serve_forever()',
        ],
        { stdio: 'ignore' },
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await ask(underlay(1))).toBe('task from 192.168.82.130');
    expect(await ask(underlay(2))).toBe('task from 192.168.82.132');
  }, 30_000);

  it('answers the host itself on its own address, but never takes its 127.0.0.1:<published port>', async () => {
    const fromHost = (address: string) =>
      netnsExec(ns('h1'), 'python3', [
        '-c',
        `import urllib.request\nprint(urllib.request.urlopen('http://${address}:8080/', timeout=3).read().decode())`,
      ]).then(
        (result) => result.stdout.trim(),
        (error: unknown) => String(error),
      );
    expect(await fromHost(underlay(1))).toMatch(/^task from /);
    // Nothing listens on the host's 127.0.0.1:8080, and the mesh's output hook leaves it alone.
    expect(await fromHost('127.0.0.1')).toMatch(/refused/i);
  });

  it('refuses a port without tasks, answers again when one returns, and removes veth and table with the ingress', async () => {
    await agents[0]?.onDesired(hostDocument(1, 2, []));
    expect(await ask(underlay(1))).toMatch(/refused/i);
    await agents[0]?.onDesired(hostDocument(1, 3, [task.address]));
    expect(await ask(underlay(1))).toBe('task from 192.168.82.130');
    await agents[0]?.onDesired({ ...hostDocument(1, 4, []), ingress: null });
    const links = await netnsExec(ns('h1'), 'ip', ['-o', 'link']);
    expect(links.stdout).not.toContain('ingress0');
    const tables = await netnsExec(ns('h1'), 'nft', ['list', 'tables']);
    expect(tables.stdout).not.toContain('switchyard_ingress');
  }, 30_000);
});
