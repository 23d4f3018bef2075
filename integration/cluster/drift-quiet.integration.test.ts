import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchyardEvent } from '@switchyard/contracts';
import { readLocalCredentials, startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { labDown, labStatus, labUp } from '@switchyard/cli';
import { dockerCli, eventually, ok, outcome } from './test-support/cluster.js';

// Issue 17 item 2 on a real 3-host lab: a clean start, then 20 services created and scaled up and
// down, raise no drift event at all (nothing drifted); and what a resync pass costs with them.

const prefix = `sydq${process.pid % 1000}`;
const subnet = '192.168.58.0/24';
const services = Array.from({ length: 20 }, (_, i) => `quiet${i + 1}`);
const resyncIntervalMs = 2_000;
let dataDir: string;
let controlPlane: RunningControlPlane;
let dockerHost: string;
let cliToken = '';

const docker = dockerCli(() => dockerHost);

async function events(): Promise<SwitchyardEvent[]> {
  const input = encodeURIComponent(JSON.stringify({ limit: 1_000 }));
  const response = await fetch(`${controlPlane.url}/trpc/events.list?input=${input}`, {
    headers: { authorization: `Bearer ${cliToken}` },
  });
  const body = (await response.json()) as { result: { data: SwitchyardEvent[] } };
  return body.result.data.reverse();
}

/** Every service at `replicas` running tasks. */
async function allAt(replicas: number): Promise<void> {
  await eventually(
    `every service at ${replicas}`,
    async () => {
      const listed = await ok(docker('service', 'ls', '--format', '{{.Replicas}}'));
      const counts = listed.split('\n').filter(Boolean);
      return counts.length === services.length && counts.every((count) => count === `${replicas}/${replicas}`)
        ? true
        : undefined;
    },
    120_000,
  );
}

/** CPU time of a process and the children it waited for, in ms (clock ticks are 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime, stime, cutime, cstime are fields 14 to 17, 12 to 15 after the name.
  return [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index] ?? 0), 0) * 10;
}

/** The agent's count and wall seconds of resync passes, from its own /metrics. */
async function resyncs(host: string): Promise<{ count: number; seconds: number }> {
  const text = (await outcome('ip', ['netns', 'exec', host, 'curl', '-s', 'http://127.0.0.1:9323/metrics']))
    .stdout;
  const sample = (suffix: string) =>
    Number(
      new RegExp(
        `^switchyard_agent_reconcile_pass_seconds_${suffix}\\{[^}]*kind="resync"[^}]*\\} (\\S+)$`,
        'm',
      ).exec(text)?.[1] ?? 'NaN',
    );
  return { count: sample('count'), seconds: sample('sum') };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-drift-quiet-'));
  controlPlane = await startControlPlane({ dataDir, port: 0, dockerTlsListen: 'off', resyncIntervalMs });
  dockerHost = controlPlane.dockerHost ?? '';
  cliToken = readLocalCredentials(dataDir)?.cliToken ?? '';
}, 60_000);

afterAll(async () => {
  for (const service of services) await docker('service', 'rm', service);
  await docker('network', 'rm', 'quietnet');
  await labDown({ prefix, dataDir });
  await controlPlane.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe('a clean 3-host start and 20 services created and scaled', () => {
  it('raises no drift event', async () => {
    await labUp({ prefix, hosts: 3, subnet, dataDir, quiet: true });
    await ok(docker('network', 'create', '-d', 'overlay', 'quietnet'));
    for (const service of services) {
      await ok(
        docker(
          'service',
          'create',
          '--detach',
          '--name',
          service,
          '--replicas',
          '1',
          '--network',
          'quietnet',
          'switchyard/whoami',
        ),
      );
    }
    await allAt(1);
    for (const replicas of [3, 1]) {
      for (const service of services)
        await ok(docker('service', 'scale', '--detach', `${service}=${replicas}`));
      await allAt(replicas);
    }
    // Two resyncs after the last change: drift a push left behind would be found by then.
    await new Promise((resolve) => setTimeout(resolve, 2 * resyncIntervalMs + 1_000));

    const host = `${prefix}-host1`;
    const pid = (await labStatus({ prefix, dataDir })).hosts.find((entry) => entry.name === host)?.agentPid;
    if (pid === undefined || pid === null) throw new Error(`no agent pid for ${host}`);
    const cpuBefore = cpuMs(pid);
    const passesBefore = await resyncs(host);
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    const cpu = cpuMs(pid) - cpuBefore;
    const passesAfter = await resyncs(host);
    const passes = passesAfter.count - passesBefore.count;
    const wall = ((passesAfter.seconds - passesBefore.seconds) / passes) * 1_000;
    const sandboxes = (await ok(outcome('ip', ['netns', 'list'])))
      .split('\n')
      .filter((line) => line.startsWith(`${host}-sb-`)).length;
    console.log(
      `resync on ${host} with ${services.length} services (${sandboxes} sandboxes there): ${passes} passes in 20 s, ${(cpu / passes).toFixed(1)} ms CPU ` +
        `(agent and its tools, heartbeats included) and ${wall.toFixed(1)} ms wall each`,
    );

    const all = await events();
    const kinds = new Map<string, number>();
    for (const event of all) kinds.set(event.kind, (kinds.get(event.kind) ?? 0) + 1);
    console.log(`events by kind: ${[...kinds].map(([kind, count]) => `${kind} ${count}`).join(', ')}`);
    for (const event of all.filter((candidate) => candidate.kind.startsWith('agent.'))) {
      console.log(`  ${event.kind}: ${event.message}`);
    }
    const drift = all.filter((event) => event.kind === 'agent.drift.repaired').map((event) => event.message);
    expect(drift).toEqual([]);
    expect(passes).toBeGreaterThan(5);
  }, 300_000);
});
