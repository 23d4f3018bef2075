import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { agentNamespace, agentProtocolVersion, type AgentHello } from '@switchyard/contracts';
import { createCsr, generateKeyPair, privateKeyPem } from '@switchyard/pki';
import { startControlPlane, type RunningControlPlane } from './control-plane.js';
import { readLocalCredentials } from './local-credentials.js';

// The real control plane on a throwaway SQLite database, spoken to over HTTP and socket.io the way
// the dashboard and agents do. No kernel is touched, so this needs no root.

const adminPassword = 'test-admin-password';
let controlPlane: RunningControlPlane;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-cp-'));
  process.env.SWITCHYARD_ADMIN_PASSWORD = adminPassword;
  controlPlane = await startControlPlane({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    nodeDownAfterMs: 1_500,
    nodeGraceMs: 0,
    dockerApiListen: 'off',
    dockerTlsListen: 'off',
  });
}, 60_000);

afterAll(async () => {
  await controlPlane.close();
  delete process.env.SWITCHYARD_ADMIN_PASSWORD;
  rmSync(dataDir, { recursive: true, force: true });
});

interface TrpcReply {
  status: number;
  body: { result?: { data: unknown }; error?: { message: string; data: { code: string } } };
  cookie: string | null;
}

async function call(
  path: string,
  input: unknown,
  options: { cookie?: string; mutation?: boolean } = {},
): Promise<TrpcReply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.cookie !== undefined) headers.cookie = options.cookie;
  const url = `${controlPlane.url}/trpc/${path}`;
  const response = options.mutation
    ? await fetch(url, { method: 'POST', headers, body: JSON.stringify(input) })
    : await fetch(`${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  return {
    status: response.status,
    body: (await response.json()) as TrpcReply['body'],
    cookie: response.headers.get('set-cookie')?.split(';')[0] ?? null,
  };
}

async function login(username: string, password: string): Promise<string> {
  const reply = await call('auth.login', { username, password }, { mutation: true });
  expect(reply.status).toBe(200);
  expect(reply.cookie).toMatch(/^sy_session=/);
  return reply.cookie ?? '';
}

async function eventKinds(cookie: string): Promise<string[]> {
  const reply = await call('events.list', { limit: 100 }, { cookie });
  return (reply.body.result?.data as { kind: string }[]).map((event) => event.kind);
}

function hello(name: string): AgentHello {
  return {
    protocolVersion: agentProtocolVersion,
    name,
    underlayAddress: '192.0.2.10' as AgentHello['underlayAddress'],
    capabilities: ['nftables', 'vxlan', 'macvlan'],
    agentVersion: 'test',
    kernelVersion: '6.0',
    hostNetworks: [],
  };
}

function connectAgent(auth: unknown, tls?: { ca: string; cert: string; key: string }): Socket {
  const url = tls === undefined ? controlPlane.url : controlPlane.url.replace(/^http:/, 'https:');
  return io(`${url}${agentNamespace}`, {
    auth: auth as Record<string, unknown>,
    reconnection: false,
    transports: ['websocket'],
    ...tls,
  });
}

function waitFor<T>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve) => socket.once(event, resolve));
}

// Logins and user creation run scrypt at OWASP's parameters (~0.4 s each, more on a busy machine).
describe('control plane', { timeout: 30_000 }, () => {
  it('answers health probes', async () => {
    const response = await fetch(`${controlPlane.url}/healthz`);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('refuses a wrong password with a clear error and records it', async () => {
    const reply = await call('auth.login', { username: 'admin', password: 'nope' }, { mutation: true });
    expect(reply.status).toBe(401);
    expect(reply.body.error?.message).toBe('wrong username or password');
    expect(await eventKinds(await login('admin', adminPassword))).toContain('auth.login.failed');
  });

  it('names the field when input is malformed', async () => {
    const reply = await call('auth.login', { username: '', password: 'x' }, { mutation: true });
    expect(reply.status).toBe(400);
    expect(reply.body.error?.message).toContain('username: is required');
  });

  it('refuses calls without a session', async () => {
    const reply = await call('nodes.list', undefined);
    expect(reply.status).toBe(401);
    expect(reply.body.error?.message).toContain('log in first');
  });

  it('lets a viewer read but not change anything, and records the refusal', async () => {
    const admin = await login('admin', adminPassword);
    const created = await call(
      'users.create',
      { username: 'vera', password: 'viewer-password', role: 'viewer' },
      { cookie: admin, mutation: true },
    );
    expect(created.status).toBe(200);
    const viewer = await login('vera', 'viewer-password');
    expect((await call('nodes.list', undefined, { cookie: viewer })).status).toBe(200);
    const denied = await call('tokens.create', { purpose: 'sneaky' }, { cookie: viewer, mutation: true });
    expect(denied.status).toBe(403);
    expect(denied.body.error?.message).toContain('the viewer role cannot do this');
    const tokens = await call('tokens.list', undefined, { cookie: admin });
    expect(
      (tokens.body.result?.data as { purpose: string }[]).some((token) => token.purpose === 'sneaky'),
    ).toBe(false);
    expect(await eventKinds(admin)).toContain('auth.denied');
  });

  it('serves services over tRPC: viewers read, operators change, a bad spec names its field', async () => {
    const admin = await login('admin', adminPassword);
    const viewer = await login('vera', 'viewer-password');
    const spec = { name: 'api', image: 'switchyard/whoami', replicas: 0, ports: [{ targetPort: 80 }] };
    expect((await call('services.create', spec, { cookie: viewer, mutation: true })).status).toBe(403);
    const bad = await call(
      'services.create',
      { ...spec, constraints: ['zone=east'] },
      { cookie: admin, mutation: true },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toContain('constraints.0');
    const created = await call('services.create', spec, { cookie: admin, mutation: true });
    expect(created.body.result?.data).toMatchObject({
      spec: { name: 'api' },
      ports: [{ targetPort: 80, publishedPort: 30000, publishMode: 'ingress' }],
      virtualIps: [{ networkName: 'ingress' }],
      running: 0,
      desired: 0,
    });
    const listed = await call('services.list', undefined, { cookie: viewer });
    expect((listed.body.result?.data as { spec: { name: string } }[]).map((s) => s.spec.name)).toEqual([
      'api',
    ]);
    const scaled = await call(
      'services.scale',
      { service: 'api', replicas: 0 },
      { cookie: admin, mutation: true },
    );
    expect(scaled.status).toBe(200);
    expect(
      (await call('services.remove', { service: 'api' }, { cookie: admin, mutation: true })).status,
    ).toBe(200);
    expect(await eventKinds(admin)).toEqual(expect.arrayContaining(['service.created', 'service.removed']));
  });

  it('lets only an admin change a node’s availability and labels', async () => {
    const viewer = await login('vera', 'viewer-password');
    const denied = await call(
      'nodes.update',
      { node: 'x', availability: 'drain' },
      { cookie: viewer, mutation: true },
    );
    expect(denied.status).toBe(403);
    const admin = await login('admin', adminPassword);
    const missing = await call(
      'nodes.update',
      { node: 'nowhere', availability: 'drain' },
      { cookie: admin, mutation: true },
    );
    expect(missing.status).toBe(404);
  });

  it('refuses an agent with a bad join token, records it and creates no node', async () => {
    const socket = connectAgent({ token: 'syjoin-forged', csr: 'any', hello: hello('intruder') });
    const error = await waitFor<Error>(socket, 'connect_error');
    socket.close();
    expect(error.message).toContain('join refused: the join token is not valid');
    const admin = await login('admin', adminPassword);
    const nodes = (await call('nodes.list', undefined, { cookie: admin })).body.result?.data as {
      name: string;
    }[];
    expect(nodes.map((node) => node.name)).not.toContain('intruder');
    expect(await eventKinds(admin)).toContain('agent.refused');
  });

  it('refuses a malformed hello, naming the field', async () => {
    const socket = connectAgent({
      token: 'syjoin-x',
      hello: { ...hello('bad'), underlayAddress: 'not-an-ip' },
    });
    const error = await waitFor<Error>(socket, 'connect_error');
    socket.close();
    expect(error.message).toContain('hello.underlayAddress');
  });

  it('refuses a hello or a report holding text that is not Unicode, naming the field', async () => {
    const token = readLocalCredentials(dataDir)?.joinToken ?? '';
    const refused = connectAgent({ token, hello: { ...hello('node-u'), agentVersion: 'v\ud800' } });
    const error = await waitFor<Error>(refused, 'connect_error');
    refused.close();
    expect(error.message).toContain('hello.agentVersion: must be Unicode text');

    const csr = await createCsr(await generateKeyPair(), 'node-u');
    const socket = connectAgent({ token, csr, hello: hello('node-u') });
    await waitFor(socket, 'welcome');
    socket.emit('observed', {
      protocolVersion: agentProtocolVersion,
      revision: 0,
      observedAt: new Date().toISOString(),
      conditions: [],
      driftRepaired: [],
      sandboxes: [
        {
          ...{ id: 'x', status: 'exited', pid: null, exitCode: 1, startedAt: null, finishedAt: null },
          ...{ restartCount: 0, error: 'exec failed: \udfff' },
        },
      ],
    });
    const rejected = await waitFor<{ reason: string }>(socket, 'rejected');
    socket.close();
    expect(rejected.reason).toBe(
      'malformed observed message: sandboxes.0.error: must be Unicode text: it holds a lone UTF-16 surrogate',
    );
  });

  it('admits an agent with a join token, pushes its desired state, and marks it down when it goes quiet', async () => {
    const token = readLocalCredentials(dataDir)?.joinToken ?? '';
    const keys = await generateKeyPair();
    const socket = connectAgent({ token, csr: await createCsr(keys, 'node-a'), hello: hello('node-a') });
    // Both arrive back to back, so listen for both before awaiting either.
    const welcomed = waitFor<{ nodeId: string; certificate: { certPem: string } }>(socket, 'welcome');
    const pushed = waitFor<{ revision: number; sysctls: Record<string, string> }>(socket, 'desired');
    const welcome = await welcomed;
    expect(welcome.certificate.certPem).toContain('BEGIN CERTIFICATE');
    const desired = await pushed;
    expect(desired.sysctls['net.ipv4.ip_forward']).toBe('1');

    socket.emit('observed', { nonsense: true });
    const rejected = await waitFor<{ reason: string }>(socket, 'rejected');
    expect(rejected.reason).toContain('malformed observed message');

    const admin = await login('admin', adminPassword);
    const listed = async () =>
      (
        (await call('nodes.list', undefined, { cookie: admin })).body.result?.data as {
          name: string;
          status: string;
          observedRevision: number;
        }[]
      ).find((node) => node.name === 'node-a');
    expect(await listed()).toMatchObject({ status: 'ready', observedRevision: 0 });
    expect(await eventKinds(admin)).toEqual(
      expect.arrayContaining(['node.joined', 'agent.message.rejected']),
    );

    // Silence without a disconnect (a partition): the sweep marks it down.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await listed())?.status).toBe('down');
    socket.close();

    // The certificate it was given brings it back over TLS without the join token.
    const again = connectAgent(
      { hello: hello('node-a') },
      {
        ca: readFileSync(join(dataDir, 'tls', 'ca.pem'), 'utf8'),
        cert: welcome.certificate.certPem,
        key: await privateKeyPem(keys),
      },
    );
    const rewelcome = await waitFor<{ certificate?: unknown }>(again, 'welcome');
    expect(rewelcome.certificate).toBeUndefined();
    expect((await listed())?.status).toBe('ready');
    again.close();
  }, 20_000);
});
