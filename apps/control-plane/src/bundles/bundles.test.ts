import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import {
  CertificateAuthority,
  certificateRoles,
  createAuthority,
  generateKeyPair,
  privateKeyPem,
} from '@switchyard/pki';
import { openDatabase, type Db } from '../db/client.js';
import { readLocalCredentials } from '../local-credentials.js';
import { closeTestCluster, startTestCluster, type TestCluster } from '../test-support/test-cluster.js';

// Client bundles end to end, short of the docker CLI (integration/cluster/bundles.integration.test.ts):
// what the zip holds, and what the Engine API over TLS lets its holder do.

let cluster: TestCluster;
let trpcUrl: string;
let tlsPort: number;
let adminToken: string;
let db: Db;

beforeAll(async () => {
  cluster = await startTestCluster('bundles', { dockerTlsListen: '127.0.0.1:0' });
  trpcUrl = `${cluster.controlPlane.url}/trpc`;
  tlsPort = Number(cluster.controlPlane.dockerTlsAddress?.split(':')[1]);
  adminToken = readLocalCredentials(cluster.dataDir)?.cliToken ?? '';
  db = openDatabase(cluster.controlPlane.config.databaseUrl);
  await cluster.join('bundles-a', ['192.168.99.0/24'], { underlayAddress: '192.168.99.41' });
}, 60_000);

afterAll(async () => {
  await db.$disconnect();
  await closeTestCluster(cluster);
});

async function trpc(
  path: string,
  input: unknown,
  auth: { bearer?: string; cookie?: string },
  mutation = true,
): Promise<{ status: number; data: unknown; message: string | undefined; setCookie: string | null }> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(auth.bearer === undefined ? {} : { authorization: `Bearer ${auth.bearer}` }),
    ...(auth.cookie === undefined ? {} : { cookie: auth.cookie }),
  };
  const response = mutation
    ? await fetch(`${trpcUrl}/${path}`, { method: 'POST', headers, body: JSON.stringify(input) })
    : await fetch(`${trpcUrl}/${path}`, { headers });
  const body = (await response.json()) as { result?: { data: unknown }; error?: { message: string } };
  return {
    status: response.status,
    data: body.result?.data,
    message: body.error?.message,
    setCookie: response.headers.get('set-cookie'),
  };
}

interface Bundle {
  serial: string;
  notAfter: string;
  fileName: string;
  files: Record<string, string>;
}

async function bundleFor(username: string, label: string): Promise<Bundle> {
  const reply = await trpc('bundles.createFor', { username, label }, { bearer: adminToken });
  expect(reply.status, reply.message).toBe(200);
  const created = reply.data as Omit<Bundle, 'files'> & { zipBase64: string };
  const entries = unzipSync(Buffer.from(created.zipBase64, 'base64'));
  const files = Object.fromEntries(Object.entries(entries).map(([name, data]) => [name, strFromU8(data)]));
  return { ...created, files };
}

/** One request to the Engine API over TLS with `bundle`'s certificate (or none). */
function engine(
  bundle: Bundle | undefined,
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; json: { message?: string } & Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port: tlsPort,
        method,
        path: `/v1.47${path}`,
        ca: cluster.controlPlane.services.ca.certPem,
        ...(bundle === undefined ? {} : { cert: bundle.files['cert.pem'], key: bundle.files['key.pem'] }),
        headers: { ...extraHeaders, ...(text === undefined ? {} : { 'content-type': 'application/json' }) },
        agent: false,
      },
      (res) => {
        let data = '';
        res.on('data', (chunk: Buffer) => (data += chunk.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: data === '' ? {} : (JSON.parse(data) as never) }),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

describe('a client bundle', () => {
  let vera: Bundle;

  beforeAll(async () => {
    const made = await trpc(
      'users.create',
      { username: 'vera', password: 'vera-password', role: 'viewer' },
      { bearer: adminToken },
    );
    expect(made.status, made.message).toBe(200);
    vera = await bundleFor('vera', 'laptop');
  });

  it('holds the CA, a certificate naming the user, its key, env.sh and a README', () => {
    expect(Object.keys(vera.files).sort()).toEqual(['README.txt', 'ca.pem', 'cert.pem', 'env.sh', 'key.pem']);
    const ca = new X509Certificate(vera.files['ca.pem'] ?? '');
    const cert = new X509Certificate(vera.files['cert.pem'] ?? '');
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.subject).toContain('CN=vera');
    expect(cert.subject).toContain('OU=switchyard-user');
    const key = createPrivateKey(vera.files['key.pem'] ?? '');
    expect(createPublicKey(key).export({ format: 'der', type: 'spki' })).toEqual(
      cert.publicKey.export({ format: 'der', type: 'spki' }),
    );
    expect(vera.files['env.sh']).toMatch(
      new RegExp(
        `^export DOCKER_HOST=tcp://[\\w.-]+:${tlsPort} DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="\\$\\(cd "\\$\\(dirname "\\$\\{BASH_SOURCE\\[0\\]:-\\$0\\}"\\)" && pwd\\)"$`,
        'm',
      ),
    );
    expect(vera.files['README.txt']).toContain(vera.serial);
    expect(vera.fileName).toBe('switchyard-vera-laptop.zip');
  });

  it('lets a viewer read over TLS and refuses a change with 403 naming the role', async () => {
    expect((await engine(vera, 'GET', '/networks')).status).toBe(200);
    const refused = await engine(vera, 'POST', '/networks/create', { Name: 'vera-net' });
    expect(refused).toEqual({
      status: 403,
      json: { message: 'network create needs the operator role (you are viewer)' },
    });
    const denied = await db.event.findMany({
      where: { kind: 'auth.denied', actor: 'docker-api:vera' },
    });
    expect(denied.length).toBeGreaterThan(0);
  });

  it('follows a role change at the next request, and names the user on change events', async () => {
    await db.user.update({ where: { username: 'vera' }, data: { role: 'operator' } });
    try {
      expect((await engine(vera, 'POST', '/networks/create', { Name: 'vera-net' })).status).toBe(201);
      expect((await engine(vera, 'DELETE', '/networks/vera-net')).status).toBe(204);
      const made = await db.event.findMany({ where: { kind: 'network.created', actor: 'vera' } });
      expect(made.length).toBe(1);
    } finally {
      await db.user.update({ where: { username: 'vera' }, data: { role: 'viewer' } });
    }
  });

  it('refuses a browser request even with a valid certificate', async () => {
    const browser = await engine(vera, 'GET', '/networks', undefined, { origin: 'http://evil.example' });
    expect(browser.status).toBe(403);
    expect(browser.json.message).toMatch(/^browser requests are refused/);
  });

  it('fails the handshake without a certificate', async () => {
    await expect(engine(undefined, 'GET', '/_ping')).rejects.toThrow();
  });

  it('fails the handshake with a certificate of another CA, whatever user it names', async () => {
    const foreign = await CertificateAuthority.load(await createAuthority('Elsewhere'));
    const keys = await generateKeyPair();
    const issued = await foreign.issue({
      role: certificateRoles.user,
      commonName: 'admin',
      publicKey: keys.publicKey,
      lifetimeMs: 60_000,
      usage: 'client',
    });
    const forged = {
      ...vera,
      files: { ...vera.files, 'cert.pem': issued.certPem, 'key.pem': await privateKeyPem(keys) },
    };
    await expect(engine(forged, 'GET', '/_ping')).rejects.toThrow();
  });

  it('is refused once revoked, naming why', async () => {
    const spare = await bundleFor('vera', 'spare');
    expect((await engine(spare, 'GET', '/networks')).status).toBe(200);
    const revoked = await trpc('bundles.revoke', { serial: spare.serial }, { bearer: adminToken });
    expect(revoked.status, revoked.message).toBe(200);
    expect(await engine(spare, 'GET', '/networks')).toEqual({
      status: 401,
      json: { message: `client certificate refused: certificate ${spare.serial} was revoked` },
    });
  });

  it("is the user's own to make, list and revoke; an admin sees everyone's", async () => {
    const login = await trpc('auth.login', { username: 'vera', password: 'vera-password' }, {});
    const cookie = login.setCookie?.split(';')[0] ?? '';
    const own = await trpc('bundles.create', { label: 'desktop' }, { cookie });
    expect(own.status, own.message).toBe(200);
    const listed = (await trpc('bundles.list', undefined, { cookie }, false)).data as { username: string }[];
    expect(new Set(listed.map((bundle) => bundle.username))).toEqual(new Set(['vera']));
    const adminBundle = await bundleFor('admin', 'ops');
    const theirs = await trpc('bundles.revoke', { serial: adminBundle.serial }, { cookie });
    expect(theirs).toMatchObject({ status: 404, message: `serial: no client bundle ${adminBundle.serial}` });
    const all = (await trpc('bundles.list', undefined, { bearer: adminToken }, false)).data as {
      username: string;
    }[];
    expect(new Set(all.map((bundle) => bundle.username))).toEqual(new Set(['vera', 'admin']));
    const bad = await trpc('bundles.create', { label: '' }, { cookie });
    expect(bad.status).toBe(400);
    expect(bad.message).toMatch(/label/);
  });

  it('stops working when its user is removed', async () => {
    const user = await db.user.findUniqueOrThrow({ where: { username: 'vera' } });
    const removed = await trpc('users.remove', { id: user.id }, { bearer: adminToken });
    expect(removed.status, removed.message).toBe(200);
    expect((await engine(vera, 'GET', '/networks')).status).toBe(401);
  });
});

describe('without the TLS listener', () => {
  it('makes no bundle, saying why, with a 409', async () => {
    const off = await startTestCluster('bundles-off');
    try {
      const token = readLocalCredentials(off.dataDir)?.cliToken ?? '';
      const response = await fetch(`${off.controlPlane.url}/trpc/bundles.createFor`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', label: 'x' }),
      });
      expect(response.status).toBe(409);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
        'the Engine API over TLS is off (SWITCHYARD_DOCKER_TLS=off): a client bundle would reach nothing',
      );
    } finally {
      await closeTestCluster(off);
    }
  }, 30_000);
});
