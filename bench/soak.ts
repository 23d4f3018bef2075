/**
 * Issue 16's soak: `switchyard start` (the supervised product) with three lab hosts, two services
 * of at least two replicas under steady HTTP load through the routing mesh, a client resolving
 * and connecting to their tasks and VIPs without pause, and for `--minutes` (default 10) a random
 * stream of scales, creates and removals, with an agent SIGKILLed every 45 s and the control plane
 * every 90 s (the supervisor brings each back). Reports requests failed (and when), stale DNS
 * answers, calls refused, leftover objects and memory growth. Not part of `npm test`.
 * Run as root: `npm run bench:soak -- --minutes 10`.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { startLoad } from './soak/load.js';
import { startProduct, type LabView } from './soak/product.js';

const run = promisify(execFile);
const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' } } });
const minutes = Number(values.minutes);
if (!(minutes > 0)) throw new Error('--minutes must be a positive number');

const prefix = 'sysk';
const steady = [
  { name: 'web1', port: 18081, replicas: 3 },
  { name: 'web2', port: 18082, replicas: 2 },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const rssMb = (pid: number | null) => {
  if (pid === null) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
};
const memory = (view: LabView) => ({
  controlPlane: rssMb(view.controlPlanePid),
  agents: view.hosts.map((host) => rssMb(host.agentPid) ?? 0).reduce((sum, mb) => sum + mb, 0),
});
const listing = async (command: string, args: string[]) =>
  (await run(command, args, { encoding: 'utf8' }).catch(() => ({ stdout: '' }))).stdout
    .split('\n')
    .filter(Boolean);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-soak-'));
  const tablesBefore = await listing('nft', ['list', 'tables']);
  const options = {
    dataDir,
    port: await freePort(),
    webPort: await freePort(),
    hosts: 3,
    prefix,
    subnet: '192.168.56.0/24',
  };
  console.log(`soak: ${minutes} min; starting switchyard (data dir ${dataDir})...`);
  const product = await startProduct(options);
  const startedAt = Date.now();
  let view = await product.status();
  const dockerHost = view.dockerHost;
  if (dockerHost === null) throw new Error('the product has no Engine API socket');
  const docker = (...args: string[]) =>
    run('docker', ['-H', dockerHost, ...args], { encoding: 'utf8', timeout: 60_000 }).then(
      () => true,
      () => false,
    );

  await docker('network', 'create', '-d', 'overlay', '--attachable', 'soak');
  for (const service of steady) {
    await docker(
      ...['service', 'create', '--name', service.name, '--replicas', String(service.replicas)],
      ...['--network', 'soak', '-p', `${service.port}:80`, 'switchyard/whoami'],
    );
  }
  await docker('run', '-d', '--name', 'probe', '--network', 'soak', 'switchyard/toolbox');
  const sandbox = (
    await run('docker', ['-H', dockerHost, 'inspect', '-f', '{{.NetworkSettings.SandboxKey}}', 'probe'], {
      encoding: 'utf8',
    })
  ).stdout
    .trim()
    .replace('/run/netns/', '');
  const probe = spawn(
    'ip',
    ['netns', 'exec', sandbox, process.execPath, join(import.meta.dirname, 'soak', 'probe.mjs')].concat(
      steady.map((service) => service.name),
    ),
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let probeLine = '';
  probe.stdout.on('data', (chunk: Buffer) => {
    const lines = chunk.toString().trim().split('\n');
    probeLine = lines[lines.length - 1] ?? probeLine;
  });
  const targets = view.hosts.flatMap((host) =>
    steady.map((service) => ({ address: host.underlayAddress, port: service.port })),
  );
  await sleep(15_000);
  const load = startLoad(targets, 4, startedAt);
  await sleep(5_000);
  view = await product.status();
  const memoryBefore = memory(view);

  const actions = { done: 0, refused: 0, refusedNearRestart: 0, agentKills: 0, controlPlaneKills: 0 };
  let lastControlPlaneKill = 0;
  const end = Date.now() + minutes * 60_000;
  let nextAgentKill = Date.now() + 45_000;
  let nextControlPlaneKill = Date.now() + 90_000;
  let serial = 0;
  const churn = new Set<string>();
  while (Date.now() < end) {
    if (Date.now() > nextAgentKill) {
      const host = pick(view.hosts);
      if (host.agentPid !== null) process.kill(host.agentPid, 'SIGKILL');
      actions.agentKills += 1;
      nextAgentKill += 45_000;
    } else if (Date.now() > nextControlPlaneKill && view.controlPlanePid !== null) {
      process.kill(view.controlPlanePid, 'SIGKILL');
      actions.controlPlaneKills += 1;
      lastControlPlaneKill = Date.now();
      nextControlPlaneKill += 90_000;
    } else {
      const kind = pick(['scale', 'scale', 'service', 'container', 'network'] as const);
      let ok = true;
      if (kind === 'scale') {
        const service = pick(steady);
        ok = await docker(
          'service',
          'scale',
          '--detach',
          `${service.name}=${2 + Math.floor(Math.random() * 4)}`,
        );
      } else if (kind === 'service') {
        const existing = [...churn].find((name) => name.startsWith('churn'));
        if (existing !== undefined && Math.random() < 0.6) {
          ok = await docker('service', 'rm', existing);
          if (ok) churn.delete(existing);
        } else {
          const name = `churn${(serial += 1)}`;
          ok = await docker(
            'service',
            'create',
            '--detach',
            '--name',
            name,
            '--network',
            'soak',
            'switchyard/whoami',
          );
          if (ok) churn.add(name);
        }
      } else if (kind === 'container') {
        const name = `tmp${(serial += 1)}`;
        ok =
          (await docker('run', '-d', '--name', name, '--network', 'soak', 'switchyard/whoami')) &&
          (await docker('rm', '-f', name));
      } else {
        const name = `net${(serial += 1)}`;
        ok = (await docker('network', 'create', name)) && (await docker('network', 'rm', name));
      }
      actions.done += 1;
      if (!ok) {
        actions.refused += 1;
        if (Date.now() - lastControlPlaneKill < 10_000) actions.refusedNearRestart += 1;
      }
    }
    await sleep(1_000 + Math.random() * 2_000);
    view = await product.status().catch(() => view);
  }

  const figures = await load.stop();
  probe.kill('SIGTERM');
  await new Promise((resolve) => probe.once('exit', resolve));
  view = await product.status();
  const memoryAfter = memory(view);

  await docker('rm', '-f', 'probe');
  for (const name of [...steady.map((service) => service.name), ...churn])
    await docker('service', 'rm', name);
  await docker('network', 'rm', 'soak');
  await sleep(5_000);
  const leftInCluster = {
    containers: await listing('docker', ['-H', dockerHost, 'ps', '-aq']),
    services: await listing('docker', ['-H', dockerHost, 'service', 'ls', '-q']),
  };
  const code = await product.stop();
  const leftOnMachine = {
    namespaces: (await listing('ip', ['netns', 'list'])).filter((line) => line.startsWith(prefix)),
    tables: (await listing('nft', ['list', 'tables'])).filter((table) => !tablesBefore.includes(table)),
    processes: await listing('pgrep', ['-f', dataDir]),
  };
  rmSync(dataDir, { recursive: true, force: true });

  const windows = [...figures.failedSeconds].map(([second, count]) => `${second}s:${count}`).join(' ');
  console.log(
    [
      `\nsoak: ${minutes} min, 3 hosts, ${actions.done} changes, ${actions.agentKills} agent kills, ${actions.controlPlaneKills} control-plane kills`,
      `HTTP through the routing mesh: ${figures.requests} requests, ${figures.failed} failed (${((100 * figures.failed) / Math.max(1, figures.requests)).toFixed(3)}%)`,
      `  failures by second since start: ${windows || 'none'}`,
      `client in the overlay: ${probeLine}`,
      `changes refused: ${actions.refused} (${actions.refusedNearRestart} within 10 s of a control-plane kill)`,
      `memory (RSS): control plane ${memoryBefore.controlPlane?.toFixed(0)} → ${memoryAfter.controlPlane?.toFixed(0)} MB, agents ${memoryBefore.agents.toFixed(0)} → ${memoryAfter.agents.toFixed(0)} MB (a restarted process starts over)`,
      `left in the cluster after removing everything: ${JSON.stringify(leftInCluster)}`,
      `left on the machine after Ctrl-C (exit ${code}): ${JSON.stringify(leftOnMachine)}`,
    ].join('\n'),
  );
}

await main();
