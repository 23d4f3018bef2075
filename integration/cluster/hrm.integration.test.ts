import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate, WebSocketClient } from '@switchyard/agent/workload-clients';
import type { RouteInput, RouteView } from '@switchyard/contracts';
import { startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { labDown, labUp } from '@switchyard/cli';
import { dockerCli, eventually, ok, outcome } from './test-support/cluster.js';
import { answeredBy, firstCertificateFingerprint, getByHost, requestLoop } from './test-support/hrm.js';

// Issue 6's acceptance through the docker CLI on a real 3-host lab: UCP's mesh labels become
// routes, and every host's proxy (80 by Host, 8443 by SNI) reaches the service's tasks over `hrm`.

const prefix = `syh${process.pid % 1000}`;
const subnet = '192.168.74.0/24';
const shortLabel = 'com.docker.ucp.mesh.http';
let hosts: string[] = [];
let dataDir: string;
let certDir: string;
let controlPlane: RunningControlPlane;
let dockerHost: string;
let secureCert: Awaited<ReturnType<typeof makeCertificate>>;

const docker = dockerCli(() => dockerHost);
const routes = () => controlPlane.services.routes;
const serviceNames = ['web', 'sticky', 'offmesh', 'secure', 'thief', 'bad-scheme', 'bad-port', 'bad-host'];

/** What a route is, without what differs between two makings of it (ids, times, live state). */
const shape = (route: RouteView) => ({
  hostname: route.hostname,
  protocol: route.protocol,
  serviceName: route.serviceName,
  internalPort: route.internalPort,
  stickyCookie: route.stickyCookie,
  redirect: route.redirect,
  isDefault: route.isDefault,
  source: route.source,
  routable: route.routable,
});

/** Waits until the route serves `backends` tasks and every host's proxy reports it ready. */
const routeReady = (hostname: string, backends: number) =>
  eventually(
    `${hostname} to have ${backends} backends, ready on ${hosts.length} hosts`,
    async () => {
      const route = await routes()
        .get(hostname)
        .catch(() => undefined);
      const ready = route?.hosts.filter((host) => host.state === 'ready').length;
      return route?.backends === backends && ready === hosts.length ? route : undefined;
    },
    60_000,
  );

const runningTaskNames = async (service: string) =>
  (await controlPlane.services.services.get(service)).tasks
    .filter((task) => task.desiredState === 'running' && task.state === 'running')
    .map((task) => task.name);

/** The refusal a promise rejects with, in the terms a caller acts on. */
async function refusal(promise: Promise<unknown>) {
  const error: unknown = await promise.then(
    () => new Error('it was accepted'),
    (reason: unknown) => reason,
  );
  const { code, field } = error as { code?: string; field?: string };
  return {
    kind: (error as object).constructor.name,
    code,
    field,
    message: error instanceof Error ? error.message : String(error),
  };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-hrm-'));
  certDir = mkdtempSync(join(tmpdir(), 'switchyard-hrm-certs-'));
  secureCert = await makeCertificate(certDir, 'secure.example.com');
  controlPlane = await startControlPlane({ dataDir, port: 0, dockerTlsListen: 'off' });
  dockerHost = controlPlane.dockerHost ?? '';
  const lab = await labUp({ prefix, hosts: 3, subnet, dataDir, quiet: true });
  hosts = lab.hosts.map((host) => host.underlayAddress);
}, 120_000);

afterAll(async () => {
  // Every step runs even if an earlier one (or the setup) failed; the first error is reported.
  const errors: unknown[] = [];
  const step = async (action: () => Promise<unknown>) => {
    await action().catch((error: unknown) => errors.push(error));
  };
  if (controlPlane !== undefined) {
    for (const name of serviceNames) await step(() => docker('service', 'rm', name));
    await step(() => docker('network', 'rm', 'plain'));
  }
  await step(() => labDown({ prefix, dataDir }));
  if (controlPlane !== undefined) await step(() => controlPlane.close());
  for (const dir of [dataDir, certDir]) if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  if (errors.length > 0) throw errors[0];
}, 120_000);

describe('the HTTP routing mesh on a 3-host lab', () => {
  it('makes the same route from the short and the long label syntax', async () => {
    const create = (label: string) =>
      ok(
        docker(
          'service',
          'create',
          '--name',
          'web',
          '--replicas',
          '3',
          '--network',
          'hrm',
          '--label',
          label,
          'switchyard/whoami',
        ),
      );
    const listed = async () => (await routes().list()).map(shape);

    await create(`${shortLabel}=80=http://foo.example.com`);
    const fromShort = await eventually('a route from the short label', async () => {
      const list = await listed();
      return list.length > 0 ? list : undefined;
    });
    await ok(docker('service', 'rm', 'web'));
    await eventually('the route to go with its service', async () =>
      (await routes().list()).length === 0 ? true : undefined,
    );

    await create(`${shortLabel}.1=external_route=http://foo.example.com,internal_port=80`);
    const fromLong = await eventually('a route from the long label', async () => {
      const list = await listed();
      return list.length > 0 ? list : undefined;
    });
    expect(fromLong).toEqual(fromShort);
    expect(fromLong).toEqual([
      expect.objectContaining({
        hostname: 'foo.example.com',
        protocol: 'http',
        serviceName: 'web',
        internalPort: 80,
        source: 'label',
        routable: true,
      }),
    ]);
  });

  it('answers foo.example.com from a task on every host, and 503 for an unknown host', async () => {
    await routeReady('foo.example.com', 3);
    const tasks = await runningTaskNames('web');
    for (const host of hosts) {
      const answer = await eventually(`foo.example.com on ${host}:80`, async () => {
        const result = await getByHost(host, 'foo.example.com');
        return result.status === 200 ? result : undefined;
      });
      expect(tasks, host).toContain(answeredBy(answer.body));
      expect(answer.body).toMatch(/^Host: foo\.example\.com$/im);
      expect((await getByHost(host, 'nobody.example.com')).status, host).toBe(503);
    }
  });

  it('keeps a client with the sticky cookie on one task over 20 requests', async () => {
    await ok(
      docker(
        'service',
        'create',
        '--name',
        'sticky',
        '--replicas',
        '3',
        '--network',
        'hrm',
        '--label',
        `${shortLabel}.1=external_route=http://sticky.example.com,internal_port=80,sticky_sessions=SYSESSION`,
        'switchyard/whoami',
      ),
    );
    const route = await routeReady('sticky.example.com', 3);
    expect(route.stickyCookie).toBe('SYSESSION');
    const [host = ''] = hosts;

    // Without the cookie the proxy balances, so one task over 20 requests would prove nothing.
    const unpinned = new Set<string | undefined>();
    for (let i = 0; i < 20; i++) unpinned.add(answeredBy((await getByHost(host, 'sticky.example.com')).body));
    expect(unpinned.size).toBeGreaterThan(1);

    const cookieJar = join(certDir, 'cookies.txt');
    const pinned = new Set<string | undefined>();
    for (let i = 0; i < 20; i++) {
      const answer = await getByHost(host, 'sticky.example.com', { cookieJar });
      expect(answer.status).toBe(200);
      pinned.add(answeredBy(answer.body));
    }
    expect([...pinned]).toHaveLength(1);
    expect(await runningTaskNames('sticky')).toContain([...pinned][0]);
  });

  it('passes a WebSocket through to a task and back', async () => {
    const { client } = await WebSocketClient.open(hosts[1] ?? '', 80, 'foo.example.com');
    try {
      client.send(0x1, 'hello through the mesh');
      expect(await client.read()).toEqual({
        fin: true,
        opcode: 0x1,
        payload: Buffer.from('hello through the mesh'),
      });
      const binary = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
      client.send(0x2, binary);
      expect((await client.read()).payload.equals(binary)).toBe(true);
      client.send(0x9, 'ping');
      expect((await client.read()).opcode).toBe(0xa);
      expect((await client.close(1000)).opcode).toBe(0x8);
    } finally {
      client.destroy();
    }
  });

  it('loses no request while a task is removed under load (scale 3 -> 2)', async () => {
    const loop = requestLoop(hosts, 'foo.example.com');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const scaled = await docker('service', 'scale', 'web=2');
    await routeReady('foo.example.com', 2).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const { total, failures, slowest } = await loop.stop();
    console.log(
      `scale 3 -> 2 under load (started 1000 ms in): ${total} requests, ${failures.length} failed, ` +
        `slowest ${slowest.ms} ms (${slowest.address}, sent at ${slowest.at} ms)`,
    );
    expect(scaled.code, scaled.stderr).toBe(0);
    expect(failures, `${failures.length} of ${total} requests failed`).toEqual([]);
    expect(total).toBeGreaterThan(20);
    expect((await routes().get('foo.example.com')).backends).toBe(2);
  });

  it('reports a route to a service off the mesh networks as not routable, with the reason', async () => {
    await ok(docker('network', 'create', '-d', 'overlay', 'plain'));
    await ok(
      docker(
        'service',
        'create',
        '--name',
        'offmesh',
        '--network',
        'plain',
        '--label',
        `${shortLabel}=80=http://off.example.com`,
        'switchyard/whoami',
      ),
    );
    const route = await eventually('the off-mesh route', () =>
      routes()
        .get('off.example.com')
        .catch(() => undefined),
    );
    expect(route.routable).toBe(false);
    expect(route.reason ?? '').toMatch(/hrm|mesh/i);
    expect((await getByHost(hosts[0] ?? '', 'off.example.com')).status).toBe(503);

    const made = await routes().create(
      { hostname: 'off-api.example.com', service: 'offmesh', internalPort: 80 },
      'test',
    );
    expect(made).toMatchObject({ routable: false, source: 'api' });
    expect(made.reason ?? '').toMatch(/hrm|mesh/i);
    await routes().remove('off-api.example.com', 'test');
  });

  it('passes TLS through by SNI on 8443 to a backend holding its own certificate', async () => {
    await ok(
      docker(
        'service',
        'create',
        '--name',
        'secure',
        '--replicas',
        '2',
        '--network',
        'hrm',
        '-e',
        `TLS_CERT=${secureCert.cert}`,
        '-e',
        `TLS_KEY=${secureCert.key}`,
        '--label',
        `${shortLabel}.1=external_route=sni://secure.example.com,internal_port=443`,
        'switchyard/whoami',
      ),
    );
    const route = await routeReady('secure.example.com', 2);
    expect(route.protocol).toBe('sni');
    for (const host of hosts) {
      const curl = (name: string) =>
        outcome('curl', [
          '-sk',
          '--max-time',
          '3',
          '--resolve',
          `${name}:8443:${host}`,
          '-w',
          '\n%{certs}',
          `https://${name}:8443/`,
        ]);
      const answer = await eventually(`secure.example.com on ${host}:8443`, async () => {
        const result = await curl('secure.example.com');
        return result.code === 0 && answeredBy(result.stdout) !== undefined ? result.stdout : undefined;
      });
      expect(answeredBy(answer)).toMatch(/^secure\./);
      expect(firstCertificateFingerprint(answer), host).toBe(secureCert.fingerprint);
      // No route for that name: the handshake must not reach any backend.
      expect((await curl('other.example.com')).code, host).not.toBe(0);
    }
  });

  it('refuses bad labels, bad hostnames and taken hostnames through the docker CLI, naming the problem', async () => {
    const create = (name: string, label: string) =>
      docker('service', 'create', '--name', name, '--network', 'hrm', '--label', label, 'switchyard/whoami');
    const cases = [
      { name: 'bad-scheme', label: `${shortLabel}=80=ftp://bad.example.com`, quoted: /ftp/ },
      {
        name: 'bad-port',
        label: `${shortLabel}.1=external_route=http://port.example.com,internal_port=eighty`,
        quoted: /eighty/,
      },
      { name: 'bad-host', label: `${shortLabel}=80=http://bad_host.example.com`, quoted: /bad_host/ },
      {
        name: 'thief',
        label: `${shortLabel}=80=http://foo.example.com`,
        quoted: /foo\.example\.com[\s\S]*\bweb\b|\bweb\b[\s\S]*foo\.example\.com/,
      },
    ];
    for (const { name, label, quoted } of cases) {
      const result = await create(name, label);
      expect(result.code, `${label} was accepted`).not.toBe(0);
      expect(result.stderr, label).toMatch(quoted);
      expect((await docker('service', 'inspect', name)).code, `${name} was made anyway`).not.toBe(0);
    }
    const update = await docker(
      'service',
      'update',
      '--label-add',
      `${shortLabel}=80=http://foo.example.com`,
      'sticky',
    );
    expect(update.code).not.toBe(0);
    expect(update.stderr).toMatch(/\bweb\b/);
    expect((await routes().get('foo.example.com')).serviceName).toBe('web');
  });

  it('refuses the same through routes.create with a ServiceError naming the field', async () => {
    const create = (input: Partial<RouteInput>) =>
      refusal(
        routes().create({ hostname: 'new.example.com', service: 'web', internalPort: 80, ...input }, 'test'),
      );
    expect(await create({ hostname: 'bad_host.example.com' })).toMatchObject({
      kind: 'ServiceError',
      code: 'BAD_REQUEST',
      field: 'hostname',
      message: expect.stringContaining('bad_host'),
    });
    expect(await create({ hostname: 'foo.example.com', service: 'sticky' })).toMatchObject({
      kind: 'ServiceError',
      code: 'CONFLICT',
      field: 'hostname',
      message: expect.stringMatching(/\bweb\b/),
    });
    expect(await create({ service: 'nosuch' })).toMatchObject({
      kind: 'ServiceError',
      field: 'service',
      message: expect.stringContaining('nosuch'),
    });
    expect(await create({ internalPort: 70_000 })).toMatchObject({
      kind: 'ServiceError',
      code: 'BAD_REQUEST',
      field: 'internalPort',
    });
    expect(await create({ stickyCookie: 'two words' })).toMatchObject({
      kind: 'ServiceError',
      code: 'BAD_REQUEST',
      field: 'stickyCookie',
    });
    expect((await routes().list()).map((route) => route.hostname)).not.toContain('new.example.com');
  });
});
