import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateAuthority, createAuthority, formatJoinToken, readIdentity } from '@switchyard/pki';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAgent, type AgentOptions } from './agent.js';
import { loadIdentity, tlsDirectory } from './tls/node-identity.js';
import { FakeControlPlane } from './test-support/fake-control-plane.js';
import { FakeDataplane, fakeServices } from './test-support/reconcile/fake-dataplane.js';
import { FakeKernel } from './test-support/reconcile/fake-kernel.js';

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let server: FakeControlPlane;
let stateDir: string;
let options: AgentOptions;
const lines: string[] = [];

beforeEach(async () => {
  server = new FakeControlPlane(await CertificateAuthority.load(await createAuthority('agent test')));
  stateDir = await mkdtemp(join(tmpdir(), 'sy-agent-'));
  lines.length = 0;
  const dataplane = new FakeDataplane();
  options = {
    dataplane,
    ...fakeServices(dataplane.calls),
    hostNetworks: ['192.168.99.0/24'],
    joinUrl: await server.listen(),
    token: server.token,
    name: 'host1',
    advertiseAddress: '192.168.99.11',
    stateDir,
    capabilities: ['vxlan'],
    kernel: new FakeKernel({ 'net.ipv4.ip_forward': '0' }),
    log: (line) => lines.push(line),
  };
});

afterEach(async () => {
  await server.close();
  await rm(stateDir, { recursive: true, force: true });
});

describe('agent daemon', () => {
  it('joins over TLS with a CSR, keeps its key and certificate, reconciles, heartbeats and repairs drift', async () => {
    const kernel = options.kernel as FakeKernel;
    const agent = await startAgent(options);
    await until(() => server.observed.length > 0 && server.heartbeats.length > 1);
    expect(server.observed[0]).toMatchObject({
      revision: 7,
      conditions: [{ object: 'sysctl/net.ipv4.ip_forward', ready: true }],
    });
    expect(kernel.values.get('net.ipv4.ip_forward')).toBe('1');
    await until(async () => (await loadIdentity(stateDir)) !== undefined);
    const identity = await loadIdentity(stateDir);
    expect(readIdentity(identity?.certPem ?? '')?.serial).toBe(server.issued[0]);
    expect(server.handshakes[0]).toMatchObject({
      token: server.token,
      csr: expect.stringContaining('CERTIFICATE REQUEST'),
    });
    const paths = tlsDirectory(stateDir);
    expect((await stat(paths.dir)).mode & 0o777).toBe(0o700);
    for (const file of [paths.key, paths.cert, paths.ca]) expect((await stat(file)).mode & 0o777).toBe(0o600);

    kernel.values.set('net.ipv4.ip_forward', '0');
    await until(() => server.observed.some((report) => report.driftRepaired.length > 0));
    expect(kernel.values.get('net.ipv4.ip_forward')).toBe('1');

    agent.stop();
    expect(await agent.done).toBe(0);
    expect(lines.join('\n')).not.toContain(server.token);
    expect(lines.join('\n')).not.toContain(await readFile(paths.key, 'utf8'));
  });

  it('comes back with its certificate over mutual TLS and sends no token', async () => {
    const first = await startAgent(options);
    await until(async () => server.observed.length > 0 && (await loadIdentity(stateDir)) !== undefined);
    first.stop();
    await first.done;

    const seen = server.observed.length;
    const second = await startAgent(options);
    await until(() => server.observed.length > seen);
    expect(server.handshakes).toHaveLength(2);
    expect(server.handshakes[1]).not.toHaveProperty('token');
    expect(server.handshakes[1]).not.toHaveProperty('csr');
    expect(server.handshakes[1]?.peerSerial).toBe(server.issued[0]);
    second.stop();
    expect(await second.done).toBe(0);
  });

  it('renews at two thirds of its certificate life on the live connection, with a new key', async () => {
    server.certificateLifetimeMs = 3_000;
    const agent = await startAgent(options);
    await until(() => server.issued.length >= 2, 8_000);
    const socket = server.agent;
    await until(
      async () => readIdentity((await loadIdentity(stateDir))?.certPem ?? '')?.serial === server.issued[1],
    );
    expect(server.handshakes).toHaveLength(1);
    expect(server.agent).toBe(socket);
    expect(lines.some((line) => line.startsWith('renewed the node certificate'))).toBe(true);
    // Two thirds of 3 s: not much before 2 s, and not a storm of renewals either.
    expect(server.issued.length).toBeLessThanOrEqual(3);
    agent.stop();
    expect(await agent.done).toBe(0);
  });

  it('stops, saying the node was removed, when its certificate is refused, and does not rejoin with the token', async () => {
    const first = await startAgent(options);
    await until(async () => server.observed.length > 0 && (await loadIdentity(stateDir)) !== undefined);
    first.stop();
    await first.done;
    server.revoked.add(server.issued[0] ?? '');

    const second = await startAgent(options);
    expect(await second.done).toBe(1);
    expect(lines.join('\n')).toContain('this node was removed from the cluster');
    expect(lines.join('\n')).toContain(`remove ${tlsDirectory(stateDir).dir}`);
    expect(server.handshakes.slice(1).every((handshake) => handshake.token === undefined)).toBe(true);
  });

  it('says which subnets the host uses, answers logs through the runtime, closes it on stop', async () => {
    const agent = await startAgent(options);
    await until(() => server.agent !== undefined && server.observed.length > 0);
    expect(server.handshakes[0]?.hello).toMatchObject({ hostNetworks: ['192.168.99.0/24'] });
    const reply: unknown = await server.agent?.emitWithAck('logs', { sandboxId: 's1', tail: 5 });
    expect(reply).toEqual({ ok: false, error: 'no logs in the fake runtime' });
    const calls = (options.dataplane as FakeDataplane).calls;
    expect(calls).toContain('runtime.sync ');
    agent.stop();
    expect(await agent.done).toBe(0);
    // Live restore: the workloads are let go, running.
    expect(calls.slice(-2).sort()).toEqual(['dns.close', 'runtime.close']);
  });

  it('stops every workload on stop with live restore off (--no-live-restore)', async () => {
    const agent = await startAgent({ ...options, liveRestore: false });
    await until(() => server.agent !== undefined && server.observed.length > 0);
    agent.stop();
    expect(await agent.done).toBe(0);
    const calls = (options.dataplane as FakeDataplane).calls;
    expect(calls.slice(-2).sort()).toEqual(['dns.close', 'runtime.stopAll']);
  });

  it("logs the control plane's rejections, and says when a rejection notice is malformed", async () => {
    const agent = await startAgent(options);
    await until(() => server.agent !== undefined && server.observed.length > 0);
    server.agent?.emit('rejected', { reason: 'malformed observed message: revision: expected number' });
    server.agent?.emit('rejected', { reason: 42 });
    await until(() => lines.filter((line) => line.includes('rejected a message')).length === 2);
    expect(lines.filter((line) => line.includes('rejected a message'))).toEqual([
      'the control plane rejected a message: malformed observed message: revision: expected number',
      'the control plane rejected a message: no reason given (malformed notice: Invalid input: expected string, received number)',
    ]);
    agent.stop();
    expect(await agent.done).toBe(0);
  });

  it('exits with code 1 when the join token is refused', async () => {
    const wrong = formatJoinToken(server.token.split('-')[2] ?? '', 'b'.repeat(43));
    const agent = await startAgent({ ...options, token: wrong });
    expect(await agent.done).toBe(1);
    expect(lines.join('\n')).toContain('join refused: unknown token');
    expect(server.handshakes.map((handshake) => handshake.token)).toEqual([wrong]);
  });

  it('refuses a token of another shape before connecting', async () => {
    const agent = await startAgent({ ...options, token: 'syjoin-forged' });
    expect(await agent.done).toBe(1);
    expect(lines.join('\n')).toContain('not a Switchyard join token');
    expect(server.handshakes).toEqual([]);
  });

  it('never sends its token to a control plane whose CA is not the one the token names', async () => {
    const other = await CertificateAuthority.load(await createAuthority('another cluster'));
    const token = formatJoinToken(other.digest, 'c'.repeat(43));
    const agent = await startAgent({ ...options, token });
    expect(await agent.done).toBe(1);
    expect(lines.join('\n')).toContain(
      `is not the cluster the token names (CA digest ${server.token.split('-')[2] ?? ''}≠${other.digest})`,
    );
    expect(server.handshakes).toEqual([]);
    expect(await loadIdentity(stateDir)).toBeUndefined();
  });

  it('keeps the CA it pinned, and its certificate is for the key it made', async () => {
    const agent = await startAgent(options);
    await until(async () => (await loadIdentity(stateDir)) !== undefined);
    const identity = await loadIdentity(stateDir);
    const ca = new X509Certificate(identity?.caPem ?? '');
    expect(new X509Certificate(identity?.certPem ?? '').checkIssued(ca)).toBe(true);
    agent.stop();
    await agent.done;
  });
});
