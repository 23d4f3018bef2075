import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchyardEvent } from '@switchyard/contracts';
import { labPaths, labStatus, readLocalControlPlane, repoRoot, switchyardBin } from '@switchyard/cli';
import { eventually, ok, outcome } from './test-support/cluster.js';

// `npm start` as an operator runs it: `switchyard start` in a child process with its own data dir,
// ports and lab. Its control plane, dashboard and agents are each killed with SIGKILL in turn and
// must be back within 2 s, each restart an event; then Ctrl-C (SIGINT) must leave nothing behind.
// `switchyard start` needs the dashboard's build: it makes one when apps/web/.next has none
// (`npm run build:web`, about a minute; `npm test` builds it in its e2e step), hence the long hook.

const prefix = `sup${process.pid % 1000}`;
const subnet = '192.168.46.0/24';
const restartLimitMs = 2_000;
let dataDir: string;
let port: number;
let webPort: number;
let start: ChildProcess;
let output = '';

interface Status {
  controlPlane: { url: string | null; reachable: boolean; pid: number | null };
  web: { pid: number; port: number; running: boolean } | null;
  hosts: { name: string; agentPid: number | null; agentRunning: boolean; state: string }[];
}

async function status(): Promise<Status> {
  const args = [switchyardBin, 'lab', 'status', '--json', '--prefix', prefix, '--data-dir', dataDir];
  return JSON.parse(await ok(outcome(process.execPath, args))) as Status;
}

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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie has exited; it only waits to be reaped.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

/** Processes of this run by their command line: anything under its data dir or on its ports (standbys too). */
function processesOfThisRun(): string[] {
  const marks = [dataDir, `--port\0${port}\0`, `--port\0${webPort}\0`];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return marks.some((mark) => cmdline.includes(mark))
          ? [`${pid}: ${cmdline.replaceAll('\0', ' ')}`]
          : [];
      } catch {
        return [];
      }
    });
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(500) });
    return response.status < 500;
  } catch {
    return false;
  }
}

async function restartEvents(): Promise<SwitchyardEvent[]> {
  const controlPlane = await readLocalControlPlane(dataDir);
  if (controlPlane === undefined) return [];
  const input = encodeURIComponent(JSON.stringify({ kinds: ['process.restarted'], limit: 50 }));
  const response = await fetch(`${controlPlane.url}/trpc/events.list?input=${input}`, {
    headers: { authorization: `Bearer ${controlPlane.cliToken}` },
  }).catch(() => undefined);
  if (response?.ok !== true) return [];
  return ((await response.json()) as { result: { data: SwitchyardEvent[] } }).result.data;
}

async function nodeBackSince(host: string, since: number): Promise<boolean> {
  const controlPlane = await readLocalControlPlane(dataDir);
  if (controlPlane === undefined) return false;
  const input = encodeURIComponent(JSON.stringify({ kinds: ['node.reconnected'], limit: 20 }));
  const response = await fetch(`${controlPlane.url}/trpc/events.list?input=${input}`, {
    headers: { authorization: `Bearer ${controlPlane.cliToken}` },
  }).catch(() => undefined);
  if (response?.ok !== true) return false;
  const events = ((await response.json()) as { result: { data: SwitchyardEvent[] } }).result.data;
  return events.some((event) => event.subject === host && Date.parse(event.at) >= since);
}

/** Polls (in this process: a CLI per poll would take longer than the restart) until `back` holds. */
async function timeUntil(what: string, since: number, back: () => Promise<boolean>): Promise<number> {
  const deadline = since + 30_000;
  while (!(await back())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - since;
}

const measured: Record<string, number> = {};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-supervision-'));
  port = await freePort();
  webPort = await freePort();
  start = spawn(
    process.execPath,
    [
      switchyardBin,
      'start',
      '--data-dir',
      dataDir,
      '--port',
      String(port),
      '--web-port',
      String(webPort),
    ].concat([
      '--hosts',
      '2',
      '--lab-prefix',
      prefix,
      '--lab-subnet',
      subnet,
      '--docker-api',
      'off',
      '--docker-tls',
      'off',
    ]),
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  start.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  start.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const building = !existsSync(join(repoRoot, 'apps', 'web', '.next', 'BUILD_ID'));
  await eventually(
    `switchyard start to come up; its output:\n${output}`,
    async () => {
      if (start.exitCode !== null) throw new Error(`switchyard start exited early:\n${output}`);
      return output.includes('Switchyard is up') ? true : undefined;
    },
    building ? 240_000 : 90_000,
  );
}, 300_000);

afterAll(async () => {
  if (start.exitCode === null && start.signalCode === null) {
    start.kill('SIGINT');
    await new Promise((resolve) => start.once('exit', resolve));
  }
  console.log(`restart times (ms): ${JSON.stringify(measured)}`);
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('switchyard start supervises what it runs', () => {
  it('names every process in lab status --json', async () => {
    const { controlPlane, web, hosts } = await status();
    expect(controlPlane.pid).not.toBeNull();
    expect(alive(controlPlane.pid ?? 0)).toBe(true);
    expect(web).toMatchObject({ port: webPort, running: true });
    expect(hosts.map((host) => [host.name, host.agentRunning, host.state])).toEqual([
      [`${prefix}-host1`, true, 'ready'],
      [`${prefix}-host2`, true, 'ready'],
    ]);
  });

  it('starts a killed agent again, which rejoins', async () => {
    const host = `${prefix}-host2`;
    const before = (await status()).hosts.find((entry) => entry.name === host)?.agentPid ?? 0;
    const killedAt = Date.now();
    process.kill(before, 'SIGKILL');
    measured.agentRunning = await timeUntil('a new agent process', killedAt, async () => {
      const pid =
        (await labStatus({ prefix, dataDir })).hosts.find((entry) => entry.name === host)?.agentPid ?? before;
      return pid !== before && alive(pid);
    });
    measured.agentRejoined = await timeUntil(`${host} reconnected`, killedAt, () =>
      nodeBackSince(host, killedAt),
    );
    expect(measured.agentRejoined).toBeLessThan(restartLimitMs);
  });

  it('starts a killed control plane again on the same port, answering', async () => {
    const before = (await status()).controlPlane.pid ?? 0;
    const killedAt = Date.now();
    process.kill(before, 'SIGKILL');
    measured.controlPlane = await timeUntil('the control plane answering again', killedAt, async () => {
      const pid = (await readLocalControlPlane(dataDir).catch(() => undefined))?.pid;
      return pid !== undefined && pid !== before && (await answers(`http://127.0.0.1:${port}/healthz`));
    });
    expect(measured.controlPlane).toBeLessThan(restartLimitMs);
    // Its agents come back to it.
    await eventually(
      'both nodes ready again',
      async () => ((await status()).hosts.every((entry) => entry.state === 'ready') ? true : undefined),
      15_000,
    );
  });

  it('starts a killed dashboard again, answering on its port', async () => {
    const before = (await status()).web?.pid ?? 0;
    const killedAt = Date.now();
    process.kill(before, 'SIGKILL');
    measured.dashboard = await timeUntil('the dashboard answering again', killedAt, async () => {
      const { web } = await labStatus({ prefix, dataDir });
      return (
        web !== null &&
        web.pid !== before &&
        web.running &&
        (await answers(`http://127.0.0.1:${webPort}/login`))
      );
    });
    expect(measured.dashboard).toBeLessThan(restartLimitMs);
  });

  it('records each restart as an event, saying what was killed and how', async () => {
    const messages = await eventually(
      'three restart events',
      async () => {
        const events = await restartEvents();
        return events.length >= 3 ? events.map((event) => event.message) : undefined;
      },
      15_000,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`^agent of ${prefix}-host2 restarted after it was killed \\(signal SIGKILL\\)`),
        ),
        expect.stringMatching(/^control plane restarted after it was killed \(signal SIGKILL\)/),
        expect.stringMatching(/^dashboard restarted after it was killed \(signal SIGKILL\)/),
      ]),
    );
  });

  it('stops everything on Ctrl-C and leaves nothing behind', async () => {
    const { controlPlane, web, hosts } = await status();
    const lab = JSON.parse(readFileSync(labPaths(dataDir, prefix).state, 'utf8')) as {
      containerd?: { pid: number };
    };
    const pids = [
      controlPlane.pid,
      web?.pid,
      lab.containerd?.pid,
      ...hosts.map((host) => host.agentPid),
    ].filter((pid): pid is number => typeof pid === 'number');
    expect(pids.length).toBeGreaterThanOrEqual(4);
    // The spares waiting for a restart are processes of this run too.
    expect(processesOfThisRun().length).toBeGreaterThan(pids.length);
    start.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => start.once('exit', resolve));
    expect(code, output).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    expect(processesOfThisRun()).toEqual([]);
    const namespaces = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
    const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
    expect(
      [...namespaces.split('\n'), ...links.split('\n')].filter((line) => line.includes(`${prefix}-`)),
    ).toEqual([]);
    expect(await answers(`http://127.0.0.1:${port}/healthz`)).toBe(false);
    expect(await answers(`http://127.0.0.1:${webPort}/login`)).toBe(false);
  });
});
