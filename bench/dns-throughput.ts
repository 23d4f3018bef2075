/**
 * Issue 5's DNS figure: the embedded DNS answering a service name (its VIP) under load, side by side in one
 * run with dnsmasq (Debian) serving the same record from a hosts file, both queried from a load
 * generator inside the same sandbox. Target: at least half of dnsmasq's queries per second, with a
 * p99 under 2 ms. Run as root with dnsmasq installed: `npm run bench:dns`.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startControlPlane } from '@switchyard/control-plane';
import { repoRoot } from '@switchyard/control-plane/config';
import { labDown, labUp } from '@switchyard/cli';

const run = promisify(execFile);
const prefix = 'sydns';
const rounds = 3;
const seconds = 5;
const loadScript = join(repoRoot, 'bench', 'dns-load.mjs');

interface LoadResult {
  qps: number;
  p50: number;
  p99: number;
  failures: number;
}

async function load(netns: string, server: string, name: string): Promise<LoadResult> {
  const { stdout } = await run('ip', [
    'netns',
    'exec',
    netns,
    process.execPath,
    loadScript,
    server,
    name,
    String(seconds),
  ]);
  return JSON.parse(stdout) as LoadResult;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-dns-'));
const controlPlane = await startControlPlane({
  dataDir,
  port: 0,
  dockerApiListen: 'off',
  dockerTlsListen: 'off',
});
try {
  await labUp({ prefix, hosts: 1, subnet: '192.168.80.0/24', dataDir, quiet: true });
  const { networks, containers, services } = controlPlane.services;
  await networks.create({ name: 'bench-dns', driver: 'overlay', attachable: true }, 'bench');
  await services.create(
    { name: 'web', image: 'switchyard/whoami', replicas: 2, networks: [{ network: 'bench-dns' }] },
    'bench',
  );
  const created = await containers.create(
    { name: 'bench-client', image: 'switchyard/toolbox', networks: [{ network: 'bench-dns' }] },
    'bench',
  );
  const client = await containers.start(created.id, 'bench');
  // The service name answers its VIP on the network the client shares with it.
  const service = await services.get('web');
  const address = service.virtualIps.find((vip) => vip.networkName === 'bench-dns')?.address.split('/')[0];
  if (client.netns === null || address === undefined)
    throw new Error('the bench service or client is not ready');
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  // dnsmasq in the same sandbox, on another loopback address, answering the same name from a hosts file.
  const hosts = join(dataDir, 'hosts');
  writeFileSync(hosts, `${address} web\n`);
  const dnsmasq = spawn('ip', [
    'netns',
    'exec',
    client.netns,
    'dnsmasq',
    '--keep-in-foreground',
    // dnsmasq drops to nobody before reading its hosts file, which lives in a root-only temp dir.
    '--user=root',
    '--no-resolv',
    '--no-hosts',
    `--addn-hosts=${hosts}`,
    '--listen-address=127.0.0.12',
    '--bind-interfaces',
    '--port=53',
    '--cache-size=10000',
  ]);
  await new Promise((resolve) => setTimeout(resolve, 500));
  // Both servers must give the same answer, or the comparison means nothing.
  for (const server of ['127.0.0.11', '127.0.0.12']) {
    const { stdout } = await run('ip', ['netns', 'exec', client.netns, 'dig', `@${server}`, '+short', 'web']);
    if (stdout.trim() !== address)
      throw new Error(`${server} answers "${stdout.trim()}" for web, not ${address}`);
  }

  const embedded: LoadResult[] = [];
  const peer: LoadResult[] = [];
  for (let round = 0; round < rounds; round++) {
    embedded.push(await load(client.netns, '127.0.0.11', 'web'));
    peer.push(await load(client.netns, '127.0.0.12', 'web'));
  }
  dnsmasq.kill();
  const describe = (results: LoadResult[]) =>
    `${Math.round(median(results.map((r) => r.qps)))} q/s, p50 ${median(results.map((r) => r.p50)).toFixed(3)} ms, ` +
    `p99 ${median(results.map((r) => r.p99)).toFixed(3)} ms, failures ${results.reduce((n, r) => n + r.failures, 0)}`;
  const ratio = median(embedded.map((r) => r.qps)) / median(peer.map((r) => r.qps));
  const p99 = median(embedded.map((r) => r.p99));
  console.log(`embedded DNS (127.0.0.11): ${describe(embedded)}`);
  console.log(`dnsmasq 2.90 (127.0.0.12): ${describe(peer)}`);
  console.log(
    `embedded / dnsmasq: ${(ratio * 100).toFixed(1)}% of its queries per second (target >= 50%), p99 ${p99.toFixed(3)} ms (target < 2 ms)`,
  );
  process.exitCode = ratio >= 0.5 && p99 < 2 ? 0 : 1;
} finally {
  await labDown({ prefix, dataDir });
  await controlPlane.close();
  rmSync(dataDir, { recursive: true, force: true });
}
