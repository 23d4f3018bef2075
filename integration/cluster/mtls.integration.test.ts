import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeView, SwitchyardEvent } from '@switchyard/contracts';
import { readLocalCredentials, startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { labDown, labUp, switchyardBin } from '@switchyard/cli';
import { CertificateAuthority, createAuthority, formatJoinToken, readIdentity } from '@switchyard/pki';
import { eventually, outcome, type Outcome } from './test-support/cluster.js';

// The agent channel on a real lab: agents join over mutual TLS with a token that pins the CA, their
// certificates renew on the live connection (30 s certificates here), and every way in that should
// be shut is: plain HTTP from beyond loopback, a token naming another CA, a name already taken, an
// expired token. A restarted lab comes back with the certificates its hosts kept.

const prefix = `symt${process.pid % 1000}`;
const subnet = '192.168.91.0/24';
const rootAddress = '192.168.91.1';
const hosts = [`${prefix}-host1`, `${prefix}-host2`];
let dataDir: string;
let controlPlane: RunningControlPlane;
let cliToken: string;

async function trpc<T>(path: string, input?: unknown, mutation = false): Promise<T> {
  const url = `${controlPlane.url}/trpc/${path}`;
  const headers = { authorization: `Bearer ${cliToken}`, 'content-type': 'application/json' };
  const response = mutation
    ? await fetch(url, { method: 'POST', headers, body: JSON.stringify(input ?? null) })
    : await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (body.result === undefined) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  return body.result.data;
}

const nodes = () => trpc<NodeView[]>('nodes.list');
const events = () => trpc<SwitchyardEvent[]>('events.list', { limit: 500 });
const node = async (name: string) => (await nodes()).find((candidate) => candidate.name === name);
const serials = async (name: string) =>
  (await trpc<{ certificates: { serial: string }[] }>('nodes.inspect', { node: name })).certificates.map(
    (row) => row.serial,
  );

/** `switchyard join-token [--rotate]` as root on this machine: the token in the command it prints. */
async function joinTokenFromCli(...flags: string[]): Promise<string> {
  const printed = await outcome(process.execPath, [
    switchyardBin,
    'join-token',
    '--data-dir',
    dataDir,
    ...flags,
  ]);
  expect(printed.code, printed.stderr).toBe(0);
  const command = /switchyard agent --join (\S+) --token (SYJOIN-1-\S+)/.exec(printed.stdout);
  expect(command?.[1]).toMatch(/^https:\/\//);
  return command?.[2] ?? '';
}

/** A one-off agent in a lab host's namespace, as someone on that host would run it. */
function agentIn(host: string, name: string, token: string): Promise<Outcome> {
  return outcome(
    'ip',
    ['netns', 'exec', host, process.execPath, switchyardBin, 'agent'].concat(
      ['--join', `https://${rootAddress}:${controlPlane.port}`, '--token', token, '--name', name],
      ['--state-dir', join(dataDir, 'one-off', name), '--dns-upstream', 'none'],
    ),
    30_000,
  );
}

async function allReady(): Promise<NodeView[] | undefined> {
  const list = (await nodes()).filter((candidate) => hosts.includes(candidate.name));
  return list.length === hosts.length && list.every((candidate) => candidate.status === 'ready')
    ? list
    : undefined;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-mtls-'));
  controlPlane = await startControlPlane({
    dataDir,
    port: 0,
    dockerApiListen: 'off',
    // Long enough that a lab restart under load fits in one certificate's life.
    certificateTtlMs: 30_000,
  });
  cliToken = readLocalCredentials(dataDir)?.cliToken ?? '';
  await labUp({ prefix, hosts: hosts.length, subnet, dataDir, quiet: true });
}, 90_000);

afterAll(async () => {
  await labDown({ prefix, dataDir });
  await controlPlane.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('agents over mutual TLS', () => {
  it('join with the lab token and are issued certificates the control plane records', async () => {
    await eventually('the lab ready', allReady, 20_000);
    for (const host of hosts) {
      const joined = (await events()).find((event) => event.kind === 'node.joined' && event.subject === host);
      const serial = /was issued certificate ([0-9A-F]+)/.exec(joined?.message ?? '')?.[1];
      expect(serial, `${host} joined with a certificate`).toBeDefined();
      expect(await serials(host)).toContain(serial);
    }
  });

  it('renew their certificates on the live connection, staying ready', async () => {
    const host = hosts[0] ?? '';
    const before = await serials(host);
    const reconnects = async () =>
      (await events()).filter((event) => event.kind === 'node.reconnected' && event.subject === host).length;
    const reconnectedBefore = await reconnects();
    // Two thirds of 30 s.
    const renewed = await eventually(
      'a renewal',
      async () =>
        (await events()).find((event) => event.kind === 'node.certificate.renewed' && event.subject === host),
      30_000,
    );
    const serial = /renewed its certificate: ([0-9A-F]+)/.exec(renewed.message)?.[1];
    expect(before).not.toContain(serial);
    expect(await serials(host)).toContain(serial);
    expect((await node(host))?.status).toBe('ready');
    expect(await reconnects()).toBe(reconnectedBefore);
    const log = readFileSync(join(dataDir, 'lab', prefix, `${host}.log`), 'utf8');
    expect(log).toContain('renewed the node certificate');
    expect(log).not.toContain('disconnected from');
  });

  it('give plain HTTP from beyond loopback nothing, while HTTPS answers', async () => {
    const host = hosts[1] ?? '';
    const url = `${rootAddress}:${controlPlane.port}/healthz`;
    const plain = await outcome('ip', ['netns', 'exec', host, 'curl', '-sS', '-m', '5', `http://${url}`]);
    // 52: empty reply, 56: connection reset.
    expect([52, 56]).toContain(plain.code);
    expect(plain.stdout).toBe('');
    const secure = await outcome('ip', [
      'netns',
      'exec',
      host,
      'curl',
      '-sS',
      '-m',
      '5',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '--cacert',
      join(dataDir, 'tls', 'ca.pem'),
      `https://${url}`,
    ]);
    expect(secure).toMatchObject({ code: 0, stdout: '200' });
  });

  it('never sends a token to a control plane whose CA is not the one the token names', async () => {
    const other = await CertificateAuthority.load(await createAuthority('another cluster'));
    const token = formatJoinToken(other.digest, 'n'.repeat(43));
    const refusalsBefore = (await events()).filter((event) => event.kind === 'agent.refused').length;
    const result = await agentIn(hosts[0] ?? '', `${prefix}-stranger`, token);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(
      `is not the cluster the token names (CA digest ${controlPlane.services.ca.digest}≠${other.digest})`,
    );
    expect(result.stdout + result.stderr).not.toContain(token);
    // It never reached the agent channel: nothing was refused, nothing joined.
    expect((await events()).filter((event) => event.kind === 'agent.refused')).toHaveLength(refusalsBefore);
    expect((await nodes()).map((candidate) => candidate.name)).not.toContain(`${prefix}-stranger`);
  });

  it('refuse a second join under the name of a live node', async () => {
    const token = await joinTokenFromCli();
    const name = hosts[1] ?? '';
    const result = await agentIn(hosts[0] ?? '', name, token);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(
      `a node named ${name} is already in the cluster; remove it (docker node rm / dashboard) before joining another host under that name`,
    );
    expect(
      (await events()).some(
        (event) =>
          event.kind === 'agent.refused' &&
          event.subject === name &&
          event.message.includes('already in the cluster'),
      ),
    ).toBe(true);
    expect((await node(name))?.status).toBe('ready');
  });

  it('take a rotated token, and no longer the one before', async () => {
    const before = await joinTokenFromCli();
    expect(await joinTokenFromCli()).toBe(before);
    const rotated = await joinTokenFromCli('--rotate');
    expect(rotated).not.toBe(before);
    const refused = await agentIn(hosts[0] ?? '', `${prefix}-old`, before);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toContain('the join token is not valid');
    // The lab's own token and the nodes that joined are untouched.
    expect(await eventually('the lab ready', allReady, 5_000)).toHaveLength(hosts.length);
  });

  it('refuse an expired join token', async () => {
    const { token } = await trpc<{ token: string }>(
      'tokens.create',
      { purpose: 'expires at once', expiresInSeconds: 1 },
      true,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const result = await agentIn(hosts[0] ?? '', `${prefix}-late`, token);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(
      'join refused: the join token is not valid (unknown, revoked or expired)',
    );
    expect((await nodes()).map((candidate) => candidate.name)).not.toContain(`${prefix}-late`);
  });

  it('come back after a lab restart over mutual TLS with the certificates their hosts kept', async () => {
    // Certificates here live 30 s: restart right after each host renewed, so what it kept is valid.
    const issued = new Map(
      await Promise.all(hosts.map(async (host) => [host, (await serials(host)).length] as const)),
    );
    await eventually(
      'a fresh certificate on every host',
      async () => {
        const counts = await Promise.all(hosts.map(async (host) => (await serials(host)).length));
        return counts.every((count, index) => count > (issued.get(hosts[index] ?? '') ?? 0))
          ? true
          : undefined;
      },
      25_000,
    );
    await labDown({ prefix, dataDir });
    const since = new Date().toISOString();
    await labUp({ prefix, hosts: hosts.length, subnet, dataDir, quiet: true });
    await eventually('the lab ready again', allReady, 20_000);
    const after = (await events()).filter((event) => event.at >= since);
    for (const host of hosts) {
      expect(after.some((event) => event.kind === 'node.joined' && event.subject === host)).toBe(false);
      const back = after.find((event) => event.kind === 'node.reconnected' && event.subject === host);
      const serial = /over mutual TLS with certificate ([0-9A-F]+)/.exec(back?.message ?? '')?.[1];
      expect(serial, `${host} came back with a certificate`).toBeDefined();
      expect(await serials(host)).toContain(serial);
      const kept = readFileSync(join(dataDir, 'lab', prefix, host, 'tls', 'node-cert.pem'), 'utf8');
      expect(readIdentity(kept)?.commonName).toBe((await node(host))?.id);
    }
    expect(
      after.filter((event) => event.kind === 'agent.refused' && hosts.includes(event.subject ?? '')),
    ).toEqual([]);
  });
});
