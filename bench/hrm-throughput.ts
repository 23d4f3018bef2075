/**
 * Issue 6's routing-mesh figure: the HTTP routing mesh's proxy (port 80, routed by Host) against
 * nginx (Debian) proxying to the same two whoami tasks over the same `hrm` overlay, both in the lab
 * host's namespace with one worker per core and upstream keep-alive, loaded by wrk from the root
 * namespace at 16, 64 and 256 connections, the order alternating between rounds. Targets: at least
 * 0.7x nginx's requests per second, and a p99 at most 1.5x nginx's, at every concurrency.
 * Run as root with nginx and wrk installed (apt-get install nginx-light wrk): `npm run bench:hrm`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startControlPlane } from '@switchyard/control-plane';
import { labDown, labUp } from '@switchyard/cli';
import { nginxConfig } from './nginx-config.js';
import { wrk, type WrkResult } from './wrk.js';

const run = promisify(execFile);
const prefix = 'syhb';
const hostname = 'foo.example.com';
const nginxPort = 8081;
const concurrencies = [16, 64, 256];
const rounds = 2;
const seconds = 8;
const targets = { rpsRatio: 0.7, p99Ratio: 1.5 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The whoami task name answering `url` for `host` (default foo.example.com), or none yet. */
async function answering(url: string, host = hostname): Promise<string | undefined> {
  const result = await run('curl', ['-s', '--max-time', '2', '-H', `Host: ${host}`, url]).catch(() => ({
    stdout: '',
  }));
  return /^Hostname: (\S+)/m.exec(result.stdout)?.[1];
}

/** Waits until `url` has answered from `count` different tasks. */
async function untilBalanced(what: string, url: string, count: number): Promise<void> {
  const seen = new Set<string>();
  const deadline = Date.now() + 90_000;
  while (seen.size < count) {
    if (Date.now() > deadline)
      throw new Error(`${what} answered from ${seen.size} of ${count} tasks in 90 s`);
    const name = await answering(url);
    if (name === undefined) await sleep(250);
    else seen.add(name);
  }
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const summarise = (results: WrkResult[]): WrkResult => ({
  rps: mean(results.map((r) => r.rps)),
  p50Ms: mean(results.map((r) => r.p50Ms)),
  p99Ms: mean(results.map((r) => r.p99Ms)),
  errors: results.reduce((sum, r) => sum + r.errors, 0),
  detail: results
    .map((r) => r.detail)
    .filter(Boolean)
    .join('; '),
});

const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-hrm-'));
const controlPlane = await startControlPlane({
  dataDir,
  port: 0,
  dockerApiListen: 'off',
  dockerTlsListen: 'off',
});
let nginx: ChildProcess | undefined;
try {
  const lab = await labUp({ prefix, hosts: 1, subnet: '192.168.72.0/24', dataDir, quiet: true });
  const host = lab.hosts[0];
  if (host === undefined) throw new Error('the lab has no host');
  const { services, routes } = controlPlane.services;
  await services.create(
    { name: 'web', image: 'switchyard/whoami', replicas: 2, networks: [{ network: 'hrm' }] },
    'bench',
  );
  await routes.create({ hostname, service: 'web', internalPort: 80 }, 'bench');
  const proxyUrl = `http://${host.underlayAddress}:80/`;
  await untilBalanced('the routing mesh', proxyUrl, 2);

  // How soon a route takes effect: from the API call to its first answer through the proxy.
  const propagation: number[] = [];
  for (let i = 1; i <= 5; i++) {
    const name = `route${i}.example.com`;
    const began = performance.now();
    await routes.create({ hostname: name, service: 'web', internalPort: 80 }, 'bench');
    while ((await answering(proxyUrl, name)) === undefined) await sleep(10);
    propagation.push(performance.now() - began);
  }
  propagation.sort((a, b) => a - b);
  console.log(
    `a new route answers through the proxy ${propagation.map((ms) => ms.toFixed(0)).join(', ')} ms after the API call (target: within 1 s)`,
  );

  // nginx gets the very task addresses the mesh balances over, reached over the host's leg into hrm.
  const upstreams = (await services.get('web')).tasks
    .filter((task) => task.desiredState === 'running' && task.state === 'running')
    .flatMap((task) => task.addresses.filter((a) => a.networkName === 'hrm'))
    .map((a) => `${a.address.split('/')[0]}:80`);
  if (upstreams.length !== 2)
    throw new Error(`expected 2 task addresses on hrm, got ${upstreams.join(', ')}`);
  const conf = join(dataDir, 'nginx.conf');
  writeFileSync(
    conf,
    nginxConfig({ dir: dataDir, workers: availableParallelism(), port: nginxPort, hostname, upstreams }),
  );
  nginx = spawn('ip', ['netns', 'exec', host.name, 'nginx', '-c', conf, '-g', 'daemon off;'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const nginxUrl = `http://${host.underlayAddress}:${nginxPort}/`;
  await untilBalanced('nginx', nginxUrl, 2);

  const targetsByName = { proxy: proxyUrl, nginx: nginxUrl };
  console.log(`warming up both for 3 s; then ${rounds} rounds of ${seconds} s per concurrency`);
  for (const url of Object.values(targetsByName)) await wrk(url, hostname, 16, 3);

  const table: string[][] = [];
  const notes: string[] = [];
  let met = true;
  for (const connections of concurrencies) {
    const results: Record<'proxy' | 'nginx', WrkResult[]> = { proxy: [], nginx: [] };
    for (let round = 0; round < rounds; round++) {
      // Alternating who goes first spreads any warming or throttling of the machine over both.
      const order = round % 2 === 0 ? (['proxy', 'nginx'] as const) : (['nginx', 'proxy'] as const);
      for (const name of order)
        results[name].push(await wrk(targetsByName[name], hostname, connections, seconds));
    }
    const proxy = summarise(results.proxy);
    const peer = summarise(results.nginx);
    const rpsRatio = proxy.rps / peer.rps;
    const p99Ratio = proxy.p99Ms / peer.p99Ms;
    for (const [name, summary] of [
      ['mesh', proxy],
      ['nginx', peer],
    ] as const)
      if (summary.errors > 0) notes.push(`${connections} connections, ${name}: ${summary.detail}`);
    const ok = rpsRatio >= targets.rpsRatio && p99Ratio <= targets.p99Ratio && proxy.errors === 0;
    met &&= ok;
    table.push([
      String(connections),
      proxy.rps.toFixed(0),
      peer.rps.toFixed(0),
      `${rpsRatio.toFixed(2)}x`,
      proxy.p50Ms.toFixed(2),
      peer.p50Ms.toFixed(2),
      proxy.p99Ms.toFixed(2),
      peer.p99Ms.toFixed(2),
      `${p99Ratio.toFixed(2)}x`,
      `${proxy.errors}/${peer.errors}`,
      ok ? 'yes' : 'NO',
    ]);
  }
  const header = [
    'conns',
    'mesh rps',
    'nginx rps',
    'rps',
    'mesh p50',
    'nginx p50',
    'mesh p99',
    'nginx p99',
    'p99',
    'errors',
    'met',
  ];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...table.map((row) => (row[i] ?? '').length)),
  );
  for (const row of [header, ...table])
    console.log(row.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  '));
  console.log(
    `latencies in ms; rps and p99 are mesh / nginx (targets: rps >= ${targets.rpsRatio}x, p99 <= ${targets.p99Ratio}x, no mesh errors)`,
  );
  for (const note of notes) console.log(`errors at ${note}`);
  console.log(met ? 'targets met' : 'targets NOT met');
  process.exitCode = met ? 0 : 1;
} finally {
  if (nginx !== undefined && nginx.exitCode === null && nginx.signalCode === null) {
    const exited = once(nginx, 'exit');
    // SIGQUIT would wait for keep-alive connections; SIGTERM is nginx's fast shutdown.
    nginx.kill('SIGTERM');
    await Promise.race([exited, sleep(5_000).then(() => nginx?.kill('SIGKILL'))]);
  }
  await labDown({ prefix, dataDir });
  await controlPlane.close();
  rmSync(dataDir, { recursive: true, force: true });
}
