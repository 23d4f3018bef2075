/**
 * Issue 5's convergence figure: from the API call that scales a service to every host's DNS and VIP
 * rules showing the change, on a real 3-host lab. A client sandbox on each host is watched: its
 * embedded DNS (`tasks.web`) and its load-balancer chain for the service (the number of backends).
 * Target: p99 under 500 ms. Run as root: `npm run bench:convergence`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startControlPlane } from '@switchyard/control-plane';
import { labDown, labUp } from '@switchyard/cli';

const prefix = 'sycv';
const hosts = [1, 2, 3].map((i) => `${prefix}-host${i}`);
const scales = [4, 3, 5, 2, 4, 3, 5, 3, 4, 2];

/** A watcher inside one host's client sandbox (see convergence-watch.mjs). */
function startWatcher(netns: string, chain: string): (replicas: number) => Promise<void> {
  const child = spawn('ip', ['netns', 'exec', netns, process.execPath, watcherPath, chain], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  watchers.push(child);
  return async (replicas) => {
    child.stdin.write(`${replicas}\n`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${netns} did not converge within 20 s`)), 20_000);
    });
    await Promise.race([lines.next(), timeout]).finally(() => clearTimeout(timer));
  };
}

const watcherPath = fileURLToPath(new URL('./convergence-watch.mjs', import.meta.url));
const watchers: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-cv-'));
const controlPlane = await startControlPlane({
  dataDir,
  port: 0,
  dockerApiListen: 'off',
  dockerTlsListen: 'off',
});
try {
  await labUp({ prefix, hosts: 3, subnet: '192.168.77.0/24', dataDir, quiet: true });
  const { networks, containers, services } = controlPlane.services;
  await networks.create({ name: 'cv', driver: 'overlay', attachable: true }, 'bench');
  const web = await services.create(
    { name: 'web', image: 'switchyard/whoami', replicas: 3, networks: [{ network: 'cv' }] },
    'bench',
  );
  const chain = `svc-${web.id.slice(0, 12)}`;
  const clients: string[] = [];
  for (const host of hosts) {
    const created = await containers.create(
      {
        name: `watch-${host}`,
        image: 'switchyard/toolbox',
        networks: [{ network: 'cv' }],
        labels: { 'com.switchyard.node': host },
      },
      'bench',
    );
    const started = await containers.start(created.id, 'bench');
    if (started.netns === null) throw new Error('a watcher has no sandbox');
    clients.push(started.netns);
  }
  const watch = clients.map((netns) => startWatcher(netns, chain));
  await Promise.all(watch.map((sees) => sees(3)));

  const timings: number[] = [];
  for (const replicas of scales) {
    const startedAt = performance.now();
    await services.scale('web', replicas, 'bench');
    // Tasks must start before they count; the figure is the whole path from the call to every host.
    await Promise.all(watch.map((sees) => sees(replicas)));
    timings.push(performance.now() - startedAt);
    console.log(`  scale to ${replicas}: ${(performance.now() - startedAt).toFixed(0)} ms`);
  }
  timings.sort((a, b) => a - b);
  const at = (q: number) =>
    timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] ?? Number.NaN;
  console.log(`scale -> every host's DNS and VIP rules (${timings.length} scales, 3 hosts):`);
  console.log(
    `  p50 ${at(0.5).toFixed(0)} ms, p99 ${at(0.99).toFixed(0)} ms, max ${at(1).toFixed(0)} ms (target p99 < 500 ms)`,
  );
  process.exitCode = at(0.99) < 500 ? 0 : 1;
} finally {
  for (const watcher of watchers) watcher.kill();
  await labDown({ prefix, dataDir });
  await controlPlane.close();
  rmSync(dataDir, { recursive: true, force: true });
}
