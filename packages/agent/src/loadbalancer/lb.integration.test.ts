import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { DesiredSandbox, VirtualService } from '@switchyard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planVerdictBatch } from '../firewall/verdict-map.js';
import { exec } from '../osl/exec.js';
import { listNetns, netnsExec } from '../osl/ip.js';
import { nft } from '../osl/nft.js';
import { bridgeNetwork, document, endpoint, sandbox } from '../test-support/reconcile/documents.fixture.js';
import { fakeServices } from '../test-support/reconcile/fake-dataplane.js';
import { realKernel } from '../osl/kernel.js';
import { realDataplane } from '../osl/real-dataplane.js';
import { Reconciler } from '../reconcile/reconciler.js';
import { memoryNamespaceRecord } from '../sandbox/record.js';
import { lbTableSpec } from './render-lb.js';

const prefix = `syl${process.pid}`;
const host = `${prefix}-host`;
const ns = (name: string) => `${prefix}-sb-${name}`;
const servers: ChildProcess[] = [];

const net = bridgeNetwork('lb', `${prefix}b`.slice(0, 15), '192.168.82.0/24');
const vip = '192.168.82.200';
const backendAddresses = ['192.168.82.11', '192.168.82.12', '192.168.82.13'];
const backends = backendAddresses.map((address, i) =>
  sandbox(`b${i + 1}`, ns(`b${i + 1}`), [endpoint(net, address)]),
);

function web(addresses: string[]): VirtualService {
  return {
    serviceId: 'web'.padEnd(25, '0'),
    vip,
    ports: [{ protocol: 'tcp', port: 80 }],
    backends: addresses,
  } as VirtualService;
}

function client(services: VirtualService[]): DesiredSandbox {
  return { ...sandbox('c', ns('c'), [endpoint(net, '192.168.82.2')]), virtualServices: services };
}

const reconciler = new Reconciler({
  sysctls: realKernel(host),
  dataplane: realDataplane(memoryNamespaceRecord(), host),
  ...fakeServices([]),
});
let revision = 0;
const apply = (services: VirtualService[]) =>
  reconciler.onDesired(document(++revision, [net], [client(services), ...backends]));

/** HTTP/1.1 (keep-alive) server answering its own name. */
const httpServer = (name: string) => `
import http.server
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def do_GET(self):
        body = b'${name}'
        self.send_response(200); self.send_header('Content-Length', str(len(body))); self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(('0.0.0.0', 80), H).serve_forever()`;

/** `count` requests, each on a new connection; prints who answered, one per line. */
const requests = (count: number) => `
import urllib.request
for _ in range(${count}):
    print(urllib.request.urlopen('http://${vip}/', timeout=2).read().decode())`;

/** One connection: a request, then (after a line on stdin) another on the same connection. */
const longConnection = `
import http.client, sys
c = http.client.HTTPConnection('${vip}', 80, timeout=5)
for _ in range(2):
    c.request('GET', '/'); print(c.getresponse().read().decode(), flush=True); sys.stdin.readline()`;

async function ask(script: string): Promise<string[]> {
  return (await netnsExec(ns('c'), 'python3', ['-c', script])).stdout.trim().split('\n');
}

async function ours(): Promise<string[]> {
  return (await listNetns()).map((entry) => entry.name).filter((name) => name.startsWith(prefix));
}

beforeAll(async () => {
  await exec('ip', ['netns', 'add', host]);
  const report = await apply([web(backendAddresses)]);
  expect(report?.conditions.filter((condition) => !condition.ready)).toEqual([]);
  backends.forEach((backend, i) =>
    servers.push(
      spawn('ip', ['netns', 'exec', backend.netns ?? '', 'python3', '-c', httpServer(`b${i + 1}`)], {
        stdio: 'ignore',
      }),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 800));
}, 30_000);

afterAll(async () => {
  for (const server of servers) server.kill('SIGKILL');
  for (const name of await ours()) await exec('ip', ['netns', 'del', name]);
  expect(await ours()).toEqual([]);
});

describe('VIP load balancing in the sandbox namespace', () => {
  it('spreads 60 requests to the VIP over all three backends', async () => {
    const answers = await ask(requests(60));
    expect(answers).toHaveLength(60);
    expect(new Set(answers)).toEqual(new Set(['b1', 'b2', 'b3']));
  }, 30_000);

  it('drains a removed backend: no new connections, an established one keeps working', async () => {
    const held = spawn('ip', ['netns', 'exec', ns('c'), 'python3', '-c', longConnection]);
    const lines = createInterface({ input: held.stdout })[Symbol.asyncIterator]();
    const first = (await lines.next()).value as string;
    const index = Number(first.slice(1)) - 1;
    const report = await apply([web(backendAddresses.filter((_, i) => i !== index))]);
    expect(report?.conditions.filter((condition) => !condition.ready)).toEqual([]);
    const answers = await ask(requests(30));
    expect(answers).not.toContain(first);
    expect(new Set(answers).size).toBe(2);
    held.stdin.write('\n');
    expect((await lines.next()).value).toBe(first);
    held.stdin.end();
    await apply([web(backendAddresses)]);
  }, 30_000);

  it('refuses connections to a VIP without backends instead of hanging', async () => {
    await apply([web([])]);
    const started = Date.now();
    const refused = await ask(
      `import socket\ntry:\n socket.create_connection(('${vip}', 80), timeout=3); print('open')\nexcept ConnectionRefusedError: print('refused')`,
    );
    expect(refused).toEqual(['refused']);
    expect(Date.now() - started).toBeLessThan(2_000);
    await apply([web(backendAddresses)]);
  }, 30_000);

  it('finds a rule deleted by hand inside a service chain at the next resync, says so and restores it', async () => {
    await apply([web(backendAddresses)]);
    const chain = ['ip', 'switchyard_lb', 'svc-web000000000'];
    const listed = (await nft(['-a', 'list', 'chain', ...chain], undefined, ns('c'))).stdout;
    const handle = /dnat to .* # handle (\d+)/.exec(listed)?.[1];
    expect(handle).toBeDefined();
    await nft(['delete', 'rule', ...chain, 'handle', handle ?? ''], undefined, ns('c'));
    // The map element stayed: the VIP now leads to an empty chain and nothing answers.
    const broken = await ask(
      `import socket\ntry:\n socket.create_connection(('${vip}', 80), timeout=1); print('open')\nexcept OSError: print('failed')`,
    );
    expect(broken).toEqual(['failed']);

    const started = performance.now();
    const report = await reconciler.resync();
    const resyncMs = performance.now() - started;
    console.log(`resync that found and restored the deleted rule: ${resyncMs.toFixed(0)} ms`);
    expect(report?.driftRepaired).toContain('loadbalancer/sb-c');
    expect(report?.drift).toContainEqual({
      object: 'loadbalancer/sb-c',
      found: 'in sandbox sb-c, chain svc-web000000000 had 0 of 1 rule',
      repaired: expect.stringMatching(
        /^restored `dnat to numgen random mod 3 map \{ 0 : [\d.]+, 1 : [\d.]+, 2 : [\d.]+ \}` in chain svc-web000000000$/,
      ),
    });
    expect(new Set(await ask(requests(30)))).toEqual(new Set(['b1', 'b2', 'b3']));
    // Nothing drifted since: the next resync reports nothing.
    expect(await reconciler.resync()).toBeUndefined();
  }, 30_000);

  it("applies one service's change in under 50 ms with 1,000 services present", async () => {
    const many = (changed: boolean) =>
      Array.from(
        { length: 1000 },
        (_, i) =>
          ({
            serviceId: `s${String(i).padStart(11, '0')}`.padEnd(25, 'x'),
            vip: `10.100.${Math.floor(i / 200)}.${(i % 200) + 2}`,
            ports: [{ protocol: 'tcp', port: 80 }],
            backends: changed && i === 500 ? ['10.101.0.2', '10.101.0.3'] : ['10.101.0.2'],
          }) as VirtualService,
      );
    await apply([web(backendAddresses), ...many(false)]);
    const listed = (
      await nft(['list', 'chain', 'ip', 'switchyard_lb', 'svc-s00000000000'], undefined, ns('c'))
    ).stdout;
    expect(listed).toContain('dnat to');

    const passStart = performance.now();
    await apply([web(backendAddresses), ...many(true)]);
    const passMs = performance.now() - passStart;

    // The machine may be busy (CI): the median of alternating changes, each one service's batch.
    const forth = lbTableSpec([web(backendAddresses), ...many(true)]);
    const back = lbTableSpec([web(backendAddresses), ...many(false)]);
    if (forth === undefined || back === undefined) throw new Error('no table');
    const batches = [planVerdictBatch(forth.chains, back), planVerdictBatch(back.chains, forth)];
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const batchStart = performance.now();
      await nft(['-f', '-'], batches[i % 2] ?? '', ns('c'));
      times.push(performance.now() - batchStart);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const batchMs = ((sorted[4] ?? 0) + (sorted[5] ?? 0)) / 2;
    console.log(
      `1,000 services: one service's nft batch median ${batchMs.toFixed(1)} ms (min ${sorted[0]?.toFixed(1)}, max ${sorted[9]?.toFixed(1)}); whole reconcile pass ${passMs.toFixed(1)} ms`,
    );
    expect(batchMs).toBeLessThan(50);
    const rule = await nft(['list', 'chain', 'ip', 'switchyard_lb', 'svc-s00000000050'], undefined, ns('c'));
    expect(rule.stdout).toContain('mod 1 map');
    expect((await ask(requests(6))).every((name) => /^b[123]$/.test(name))).toBe(true);

    // A resync reads each table once (nft -j list table), not a chain per service.
    const resyncStart = performance.now();
    expect(await reconciler.resync()).toBeUndefined();
    console.log(
      `1,000 services: a resync verifying every chain ${(performance.now() - resyncStart).toFixed(0)} ms`,
    );
  }, 60_000);
});
