import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeView, SwitchyardEvent } from '@switchyard/contracts';
import { startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { labDown, labStatus, labUp, switchyardBin } from '@switchyard/cli';
import { formatJoinToken } from '@switchyard/pki';

// The whole foundation on the real kernel: a control plane, a three-host lab of namespaces with a
// real agent in each, then the failures an operator must see (a dead agent, a forged token, drift).

const prefix = `syit${process.pid % 1000}`;
const subnet = '192.168.94.0/24';
let dataDir: string;
let controlPlane: RunningControlPlane;
let cliToken: string;

async function trpcQuery<T>(path: string, input?: unknown): Promise<T> {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(`${controlPlane.url}/trpc/${path}${query}`, {
    headers: { authorization: `Bearer ${cliToken}` },
  });
  const body = (await response.json()) as { result: { data: T } };
  return body.result.data;
}

const nodes = () => trpcQuery<NodeView[]>('nodes.list');
const events = () => trpcQuery<SwitchyardEvent[]>('events.list', { limit: 500 });

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function inHost(host: string, ...command: string[]): string {
  return execFileSync('ip', ['netns', 'exec', host, ...command], { encoding: 'utf8' }).trim();
}

function leftovers(): string[] {
  const namespaces = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
  return [...namespaces.split('\n'), ...links.split('\n')].filter((line) => line.includes(`${prefix}-`));
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-cluster-'));
  controlPlane = await startControlPlane({
    dataDir,
    port: 0,
    resyncIntervalMs: 1_000,
    dockerApiListen: 'off',
    dockerTlsListen: 'off',
  });
  const { readLocalCredentials } = await import('@switchyard/control-plane');
  cliToken = readLocalCredentials(dataDir)?.cliToken ?? '';
  await labUp({ prefix, hosts: 3, subnet, dataDir, quiet: true });
}, 90_000);

afterAll(async () => {
  await labDown({ prefix, dataDir });
  await controlPlane.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('a three-host lab', () => {
  it('has three agents joined and ready, with their underlay addresses and kernel capabilities', async () => {
    const ready = await eventually(
      'three ready nodes',
      async () => {
        const list = (await nodes()).filter((node) => node.name.startsWith(prefix));
        return list.length === 3 && list.every((node) => node.status === 'ready') ? list : undefined;
      },
      20_000,
    );
    expect(ready.map((node) => node.underlayAddress).sort()).toEqual([
      '192.168.94.11',
      '192.168.94.12',
      '192.168.94.13',
    ]);
    for (const node of ready)
      expect(node.capabilities).toEqual(expect.arrayContaining(['nftables', 'vxlan', 'macvlan']));
    const status = await labStatus({ prefix, dataDir });
    expect(status.hosts.map((host) => host.state)).toEqual(['ready', 'ready', 'ready']);
  });

  it('reaches each host over the underlay from the root namespace and between hosts', () => {
    const host1 = `${prefix}-host1`;
    expect(spawnSync('ping', ['-c1', '-W2', '192.168.94.12']).status).toBe(0);
    expect(spawnSync('ip', ['netns', 'exec', host1, 'ping', '-c1', '-W2', '192.168.94.13']).status).toBe(0);
  });

  it('applies each node its desired state and reports it observed', async () => {
    const converged = await eventually(
      'observed revisions to catch up',
      async () => {
        const list = (await nodes()).filter((node) => node.name.startsWith(prefix));
        return list.every(
          (node) => node.desiredRevision > 0 && node.observedRevision === node.desiredRevision,
        )
          ? list
          : undefined;
      },
      15_000,
    );
    for (const node of converged) expect(node.conditions.every((condition) => condition.ready)).toBe(true);
    expect(inHost(`${prefix}-host2`, 'cat', '/proc/sys/net/ipv4/ip_forward')).toBe('1');
  });

  it('repairs drift made by hand on a host and says so', async () => {
    const host = `${prefix}-host3`;
    inHost(host, 'sh', '-c', 'echo 0 > /proc/sys/net/ipv4/ip_forward');
    await eventually(
      'forwarding to be switched back on',
      async () => (inHost(host, 'cat', '/proc/sys/net/ipv4/ip_forward') === '1' ? true : undefined),
      10_000,
    );
    const repaired = await eventually(
      'a drift event',
      async () =>
        (await events()).find(
          (event) =>
            event.kind === 'agent.drift.repaired' &&
            event.subject === host &&
            event.message.includes('net.ipv4.ip_forward'),
        ),
      5_000,
    );
    expect(repaired.severity).toBe('warning');
  });

  it('refuses an agent with a forged join token, with a clear error and an event, and adds no node', async () => {
    // Well formed and naming this cluster's CA, so the agent goes as far as sending it.
    const forged = formatJoinToken(controlPlane.services.ca.digest, 'f'.repeat(43));
    // Asynchronously: the control plane runs in this process and must answer while the agent tries.
    const result = await promisify(execFile)(
      'ip',
      [
        'netns',
        'exec',
        `${prefix}-host1`,
        process.execPath,
        switchyardBin,
        'agent',
        '--join',
        `https://192.168.94.1:${controlPlane.port}`,
        '--token',
        forged,
        '--name',
        `${prefix}-intruder`,
        '--state-dir',
        join(dataDir, 'intruder'),
      ],
      { encoding: 'utf8', timeout: 20_000 },
    ).then(
      ({ stdout, stderr }) => ({ status: 0, stdout, stderr }),
      (error: { code?: number; stdout: string; stderr: string }) => ({
        status: error.code,
        stdout: error.stdout,
        stderr: error.stderr,
      }),
    );
    expect(result.status).toBe(1);
    expect(result.stderr + result.stdout).toContain('join refused');
    expect(result.stderr + result.stdout).not.toContain(forged);
    expect((await nodes()).map((node) => node.name)).not.toContain(`${prefix}-intruder`);
    expect(
      (await events()).some(
        (event) => event.kind === 'agent.refused' && event.subject === `${prefix}-intruder`,
      ),
    ).toBe(true);
  });

  it('marks a node down within 15 s of its agent being killed, and only that node', async () => {
    const status = await labStatus({ prefix, dataDir });
    const victim = status.hosts[1];
    if (victim?.agentPid == null) throw new Error('host2 has no agent pid');
    process.kill(victim.agentPid, 'SIGKILL');
    const killedAt = Date.now();
    await eventually(
      `${victim.name} to be down`,
      async () =>
        (await nodes()).find((node) => node.name === victim.name)?.status === 'down' ? true : undefined,
      15_000,
    );
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    const others = (await nodes()).filter(
      (node) => node.name.startsWith(prefix) && node.name !== victim.name,
    );
    expect(others.map((node) => node.status)).toEqual(['ready', 'ready']);
    expect(
      (await events()).some((event) => event.kind === 'node.down' && event.subject === victim.name),
    ).toBe(true);
  });

  it('lab down removes every trace and is safe to run twice', async () => {
    await labDown({ prefix, dataDir });
    expect(leftovers()).toEqual([]);
    await labDown({ prefix, dataDir });
    expect(leftovers()).toEqual([]);
  });
});
