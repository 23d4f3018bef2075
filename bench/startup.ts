/**
 * Start-up and memory budgets of issue 2, measured on the real product with a real lab:
 *   - `switchyard start` to three hosts ready: budget 30 s (the dashboard already built);
 *   - an idle agent's resident memory: budget 100 MB; the control plane's: budget 300 MB.
 * Beside them, in the same run, the floor they are compared with: an idle Node.js process.
 * Run as root: `npm run bench` (the dashboard is built first if it was not).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@switchyard/control-plane/config';

const prefix = 'sybench';
const dataDir = join(repoRoot, 'data', 'bench');
const cli = join(repoRoot, 'packages', 'cli', 'bin', 'switchyard.js');
const idleSeconds = 10;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function labStatus(): { hosts: { name: string; agentPid: number | null; state: string }[] } {
  const result = spawnSync(
    process.execPath,
    [cli, 'lab', 'status', '--json', '--prefix', prefix, '--data-dir', dataDir],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(result.stdout) as ReturnType<typeof labStatus>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const startedAt = performance.now();
const product = spawn(
  process.execPath,
  [
    cli,
    'start',
    '--data-dir',
    dataDir,
    '--port',
    '7280',
    '--web-port',
    '3280',
    '--lab-prefix',
    prefix,
    '--lab-subnet',
    '192.168.95.0/24',
    '--docker-api',
    'off',
  ],
  {
    env: { ...process.env, SWITCHYARD_ADMIN_PASSWORD: 'bench-password' },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let output = '';
product.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));

let readyAfter = Number.NaN;
while (performance.now() - startedAt < 120_000) {
  if (product.exitCode !== null) throw new Error(`switchyard start exited early:\n${output}`);
  if (output.includes('Switchyard is up')) {
    const hosts = labStatus().hosts;
    if (hosts.length === 3 && hosts.every((host) => host.state === 'ready')) {
      readyAfter = (performance.now() - startedAt) / 1000;
      break;
    }
  }
  await sleep(100);
}
if (Number.isNaN(readyAfter)) throw new Error(`three hosts were not ready within 120 s:\n${output}`);

const floor = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
await sleep(idleSeconds * 1000);
const agents = labStatus().hosts.map((host) => ({
  name: host.name,
  rss: host.agentPid === null ? Number.NaN : rssMb(host.agentPid),
}));
const controlPlaneRss = rssMb(product.pid ?? 0);
const floorRss = rssMb(floor.pid ?? 0);
floor.kill();

const stoppingAt = performance.now();
product.kill('SIGINT');
await new Promise((resolve) => product.once('exit', resolve));
const stopSeconds = (performance.now() - stoppingAt) / 1000;
const leftovers = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' })
  .stdout.split('\n')
  .filter((line) => line.startsWith(`${prefix}-`));

const verdict = (ok: boolean) => (ok ? 'within budget' : 'OVER BUDGET');
console.log(
  `\nswitchyard start -> 3 hosts ready: ${readyAfter.toFixed(1)} s (budget 30 s, ${verdict(readyAfter < 30)})`,
);
for (const agent of agents) {
  console.log(
    `idle agent ${agent.name}: ${agent.rss.toFixed(1)} MB resident (budget 100 MB, ${verdict(agent.rss < 100)})`,
  );
}
console.log(
  `control plane (with the lab supervisor, same process): ${controlPlaneRss.toFixed(1)} MB (budget 300 MB, ${verdict(controlPlaneRss < 300)})`,
);
console.log(`peer floor, an idle node process: ${floorRss.toFixed(1)} MB`);
console.log(
  `Ctrl-C to everything stopped: ${stopSeconds.toFixed(1)} s; namespaces left: ${leftovers.length}`,
);
const ok =
  readyAfter < 30 &&
  agents.every((agent) => agent.rss < 100) &&
  controlPlaneRss < 300 &&
  leftovers.length === 0;
process.exitCode = ok ? 0 : 1;
