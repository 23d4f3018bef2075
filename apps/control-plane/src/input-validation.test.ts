import { engineFetch, type EngineFetch } from './test-support/docker-api/engine-fetch.js';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './db/client.js';
import {
  closeTestCluster,
  startTestCluster,
  testAdminPassword,
  type TestCluster,
} from './test-support/test-cluster.js';

// Issue 14, item 5 (control-plane side): bad input never reaches a config file, resolv.conf, the
// kernel or a regex. Each case sends it through a real entry (the Docker Engine API over HTTP, or
// tRPC over HTTP with an admin session) of the real control plane (fake agent, throwaway database)
// and checks the 4xx, the field named in the message, and that nothing was stored.

let cluster: TestCluster;
let db: Db;
let dockerEngine: EngineFetch;
let trpcUrl: string;
let cookie = '';

beforeAll(async () => {
  cluster = await startTestCluster('input', { engineApi: true });
  db = openDatabase(cluster.controlPlane.config.databaseUrl);
  dockerEngine = engineFetch(cluster.controlPlane.dockerHost);
  trpcUrl = `${cluster.controlPlane.url}/trpc`;
  await cluster.join('input-a', ['192.168.99.0/24'], {
    underlayAddress: '192.168.99.31',
    capabilities: ['nftables', 'vxlan'],
  });
  const login = await fetch(`${trpcUrl}/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: testAdminPassword }),
  });
  cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
}, 60_000);

afterAll(async () => {
  await db.$disconnect();
  await closeTestCluster(cluster);
});

/** A digest of everything a refused request could have written. */
async function storeDigest(): Promise<string> {
  const rows = await Promise.all([
    db.network.findMany({ orderBy: { id: 'asc' } }),
    db.sandbox.findMany({ orderBy: { id: 'asc' } }),
    db.endpoint.findMany({ orderBy: { id: 'asc' } }),
    db.publishedPort.findMany({ orderBy: { id: 'asc' } }),
    db.service.findMany({ orderBy: { id: 'asc' } }),
    db.servicePort.findMany({ orderBy: { id: 'asc' } }),
    db.task.findMany({ orderBy: { id: 'asc' } }),
    db.route.findMany({ orderBy: { id: 'asc' } }),
  ]);
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

interface Answer {
  status: number;
  message: string;
  field: string | null;
}

async function docker(method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await dockerEngine(path, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  let message = text;
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, message, field: null };
}

async function trpc(path: string, input: unknown): Promise<Answer> {
  const response = await fetch(`${trpcUrl}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as {
    error?: { message: string; data?: { field?: string | null } };
  };
  return {
    status: response.status,
    message: body.error?.message ?? '',
    field: body.error?.data?.field ?? null,
  };
}

/** Sends a bad request and checks it is refused with 400, the message, and an untouched store. */
async function refused(send: () => Promise<Answer>, message: string | RegExp, field?: string, status = 400) {
  const before = await storeDigest();
  const answer = await send();
  expect(answer.status).toBe(status);
  if (typeof message === 'string') expect(answer.message).toContain(message);
  else expect(answer.message).toMatch(message);
  if (field !== undefined) expect(answer.field).toBe(field);
  expect(await storeDigest()).toBe(before);
  return answer;
}

const containerBody = (change: Record<string, unknown>) => ({
  Image: 'switchyard/toolbox',
  ...change,
});

const serviceBody = (change: {
  endpoint?: unknown;
  update?: unknown;
  labels?: unknown;
  health?: unknown;
}) => ({
  Name: 'input-svc',
  Labels: change.labels ?? {},
  TaskTemplate: {
    ContainerSpec: {
      Image: 'switchyard/whoami',
      ...(change.health === undefined ? {} : { Healthcheck: change.health }),
    },
  },
  Mode: { Replicated: { Replicas: 1 } },
  ...(change.update === undefined ? {} : { UpdateConfig: change.update }),
  ...(change.endpoint === undefined ? {} : { EndpointSpec: change.endpoint }),
});

describe('published ports the cluster keeps for itself', () => {
  it('refuses a container publishing 4789/udp, 22/tcp or 7080/tcp from the Engine API', async () => {
    await refused(
      () =>
        docker(
          'POST',
          '/v1.47/containers/create?name=vx',
          containerBody({ HostConfig: { PortBindings: { '4789/udp': [{ HostPort: '4789' }] } } }),
        ),
      "ports.0: published port 4789/udp is reserved for the overlay's VXLAN traffic",
    );
    await refused(
      () =>
        docker(
          'POST',
          '/v1.47/containers/create?name=ssh',
          containerBody({ HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '22' }] } } }),
        ),
      'published port 22/tcp is reserved for SSH on the hosts',
    );
    await refused(
      () =>
        docker(
          'POST',
          '/v1.47/containers/create?name=cp',
          containerBody({ HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '7080' }] } } }),
        ),
      'published port 7080/tcp is reserved for the control plane (SWITCHYARD_PORT)',
    );
  });

  it('refuses a container publishing one from tRPC, naming the field', async () => {
    await refused(
      () =>
        trpc('containers.create', {
          image: 'switchyard/toolbox',
          ports: [{ hostIp: null, hostPort: 4789, containerPort: 4789, protocol: 'udp' }],
        }),
      "published port 4789/udp is reserved for the overlay's VXLAN traffic",
      'ports.0',
    );
  });

  it('refuses a service publishing one, in ingress or host mode, from both entries', async () => {
    await refused(
      () =>
        docker(
          'POST',
          '/v1.47/services/create',
          serviceBody({ endpoint: { Ports: [{ Protocol: 'udp', TargetPort: 53, PublishedPort: 4789 }] } }),
        ),
      "ports.0.publishedPort: published port 4789/udp is reserved for the overlay's VXLAN traffic",
    );
    await refused(
      () =>
        docker(
          'POST',
          '/v1.47/services/create',
          serviceBody({
            endpoint: { Ports: [{ TargetPort: 80, PublishedPort: 7080, PublishMode: 'host' }] },
          }),
        ),
      'published port 7080/tcp is reserved for the control plane',
    );
    await refused(
      () =>
        trpc('services.create', {
          name: 'input-svc',
          image: 'switchyard/whoami',
          ports: [
            { targetPort: 80, publishedPort: 8080 },
            { targetPort: 22, publishedPort: 22 },
          ],
        }),
      'published port 22/tcp is reserved for SSH on the hosts',
      'ports.1.publishedPort',
    );
    // The routing mesh's ports were already held for its proxy, with the reason.
    await refused(
      () =>
        trpc('services.create', {
          name: 'input-svc',
          image: 'switchyard/whoami',
          ports: [{ targetPort: 80, publishedPort: 8443 }],
        }),
      'port 8443 is already in use by the HTTP routing mesh (SWITCHYARD_HRM_SNI_PORT)',
      'ports.0.publishedPort',
      409,
    );
  });
});

describe('strings that reach resolv.conf, a config file or a kernel name', () => {
  it('refuses a search domain that would add lines to resolv.conf', async () => {
    await refused(
      () =>
        docker(
          'POST',
          '/v1.47/containers/create?name=dns',
          containerBody({ HostConfig: { DnsSearch: ['example.com\nnameserver 203.0.113.1'] } }),
        ),
      'invalid HostConfig.DnsSearch[0]: a search domain must not contain spaces or control characters',
    );
    await refused(
      () => trpc('containers.create', { image: 'switchyard/toolbox', dnsSearch: ['corp example.com'] }),
      'dnsSearch.0: a search domain must not contain spaces or control characters',
      'dnsSearch.0',
    );
  });

  it('refuses a hostname and network aliases outside their grammar', async () => {
    await refused(
      () => docker('POST', '/v1.47/containers/create', containerBody({ Hostname: 'web\nevil' })),
      'invalid Hostname: must be a host name',
    );
    await refused(
      () =>
        docker(
          'POST',
          '/v1.47/containers/create',
          containerBody({ NetworkingConfig: { EndpointsConfig: { bridge: { Aliases: ['db;rm'] } } } }),
        ),
      'invalid NetworkingConfig.EndpointsConfig.bridge.Aliases[0]: a network alias has an invalid label',
    );
    await refused(
      () =>
        docker('POST', '/v1.47/networks/bridge/connect', {
          Container: 'x',
          EndpointConfig: { Aliases: ['a\nb'] },
        }),
      'invalid EndpointConfig.Aliases[0]: a network alias must not contain spaces or control characters',
    );
    await refused(
      () => trpc('networks.connect', { network: 'bridge', container: 'x', aliases: ['two words'] }),
      'aliases.0: a network alias must not contain spaces or control characters',
      'aliases.0',
    );
    await refused(
      () =>
        trpc('services.create', {
          name: 'input-svc',
          image: 'switchyard/whoami',
          networks: [{ network: 'hrm', aliases: ['web\tx'] }],
        }),
      'networks.0.aliases.0: a network alias',
      'networks.0.aliases.0',
    );
  });

  it('refuses interface names the kernel would not take or that escape', async () => {
    await refused(
      () =>
        docker('POST', '/v1.47/networks/create', {
          Name: 'ifname',
          Options: { 'com.docker.network.bridge.name': 'br-much-too-long-name' },
        }),
      'invalid Options["com.docker.network.bridge.name"]: must be an interface name: 1-15',
    );
    await refused(
      () =>
        trpc('networks.create', {
          name: 'ifname',
          options: { 'com.docker.network.bridge.name': '../etc' },
        }),
      'options.com.docker.network.bridge.name: must be an interface name',
      'options.com.docker.network.bridge.name',
    );
    await refused(
      () => trpc('networks.create', { name: 'mv', driver: 'macvlan', options: { parent: 'eth0:1' } }),
      'options.parent: must be an interface name',
      'options.parent',
    );
    await refused(
      () => trpc('networks.create', { name: 'mv', driver: 'macvlan', options: { parent: '..' } }),
      'options.parent: must be an interface name',
      'options.parent',
    );
  });

  it('refuses a node-pinning label that is not a node name', async () => {
    await refused(
      () =>
        docker('POST', '/v1.47/networks/create', {
          Name: 'pinned',
          Labels: { 'com.switchyard.node': 'a b' },
        }),
      'labels.com.switchyard.node: must be a node name',
    );
    await refused(
      () =>
        trpc('containers.create', { image: 'switchyard/toolbox', labels: { 'com.switchyard.node': 'A\n' } }),
      'labels.com.switchyard.node: must be a node name',
      'labels.com.switchyard.node',
    );
  });

  it('refuses a redirect with CR/LF or that is not http(s), from tRPC and from labels', async () => {
    await refused(
      () =>
        trpc('routes.create', {
          hostname: 'input.example.com',
          service: 'whatever',
          internalPort: 80,
          redirect: 'https://example.com/\r\nbackend evil',
        }),
      'redirect: must not contain spaces, quotes, backslashes, control or non-ASCII characters',
      'redirect',
    );
    await refused(
      () =>
        trpc('routes.create', {
          hostname: 'input.example.com',
          service: 'whatever',
          internalPort: 80,
          redirect: 'javascript:alert(1)',
        }),
      'redirect: must be an http:// or https:// URL',
      'redirect',
    );
    await refused(
      () =>
        trpc('routes.create', {
          hostname: 'input.example.com\nx',
          service: 'whatever',
          internalPort: 80,
        }),
      'hostname: has an invalid label',
      'hostname',
    );
    await refused(
      () =>
        docker(
          'POST',
          '/v1.47/services/create',
          serviceBody({
            labels: {
              'com.docker.ucp.mesh.http.1':
                'external_route=http://input.example.com,internal_port=80,redirect=https://a.example.com/\tx',
            },
          }),
        ),
      'redirect must not contain spaces',
    );
  });
});

describe('durations', () => {
  const tooLongNs = 2 ** 31 * 1_000_000;

  it('refuses an update delay above a day from both entries', async () => {
    await refused(
      () => docker('POST', '/v1.47/services/create', serviceBody({ update: { Delay: tooLongNs } })),
      'invalid UpdateConfig.Delay: must be at most 24 h',
    );
    await refused(
      () =>
        trpc('services.create', {
          name: 'input-svc',
          image: 'switchyard/whoami',
          update: { parallelism: 1, delayMs: 2 ** 31 },
        }),
      'update.delayMs: must be at most 24 h',
      'update.delayMs',
    );
  });

  it('refuses health-check timings above their maximum', async () => {
    await refused(
      () =>
        docker(
          'POST',
          '/v1.47/services/create',
          serviceBody({ health: { Test: ['CMD', 'true'], Interval: tooLongNs } }),
        ),
      'invalid TaskTemplate.ContainerSpec.Healthcheck.Interval',
    );
    await refused(
      () =>
        trpc('services.create', {
          name: 'input-svc',
          image: 'switchyard/whoami',
          healthCheck: { kind: 'command', command: ['true'], startPeriodMs: 2 ** 31 },
        }),
      'healthCheck.startPeriodMs: must be at most 3600 s',
      'healthCheck.startPeriodMs',
    );
  });

  it('refuses a stop timeout above a day', async () => {
    await refused(
      () => docker('POST', '/v1.47/containers/anything/stop?t=2147484', undefined),
      'invalid t: 2147484 s is above the maximum of 86400 s',
    );
    await refused(
      () => trpc('containers.stop', { container: 'anything', timeoutSeconds: 2 ** 31 }),
      'timeoutSeconds',
      'timeoutSeconds',
    );
  });
});

describe('filters are literal', () => {
  const names = async (path: string, filters: unknown) => {
    const response = await dockerEngine(`${path}?filters=${encodeURIComponent(JSON.stringify(filters))}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { Name?: string; Names?: string[] }[]).map(
      (item) => item.Name ?? item.Names?.[0],
    );
  };

  it('matches a name filter as a substring, never as a regular expression', async () => {
    expect(await names('/v1.47/networks', { name: { bri: true } })).toEqual(['bridge']);
    expect(await names('/v1.47/networks', { name: { '^b': true } })).toEqual([]);
    expect(await names('/v1.47/networks', { name: { '.*': true } })).toEqual([]);
    // A catastrophic pattern answers at once instead of hanging the endpoint.
    const started = Date.now();
    expect(await names('/v1.47/containers/json', { name: { ['(a+)+$']: true } })).toEqual([]);
    expect(await names('/v1.47/networks', { id: { '[': true } })).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('a malformed %-escape in a path', () => {
  it('is a 400 on the Engine API, not a 500', async () => {
    const answer = await refused(() => docker('GET', '/v1.47/networks/%E0%A4%A'), 'malformed %-escape');
    expect(answer.message).toBe('invalid path: "%E0%A4%A" has a malformed %-escape');
    await refused(() => docker('DELETE', '/v1.47/containers/%ZZ'), 'malformed %-escape');
  });

  it('is a 4xx on the tRPC server and with a malformed session cookie', async () => {
    const path = await fetch(`${trpcUrl}/networks.list%E0?input=%7B%7D`, { headers: { cookie } });
    expect(path.status).toBeGreaterThanOrEqual(400);
    expect(path.status).toBeLessThan(500);
    const badCookie = await fetch(`${trpcUrl}/networks.list`, { headers: { cookie: 'sy_session=%E0%A4%A' } });
    expect(badCookie.status).toBe(401);
  });
});

describe('text that is not Unicode (a lone UTF-16 surrogate in the JSON)', () => {
  it('is a 400 naming the field on tRPC, not the query engine’s 500', async () => {
    await refused(
      () => trpc('networks.connect', { network: 'bridge', container: 'web\ud800' }),
      'container: must be Unicode text: it holds a lone UTF-16 surrogate',
      'container',
    );
    await refused(
      () =>
        trpc('services.create', { name: 'input-svc', image: 'switchyard/whoami', labels: { a: '\udfff' } }),
      'labels.a: must be Unicode text',
      'labels.a',
    );
  });

  it('is a 400 naming the field on the Engine API', async () => {
    await refused(
      () => docker('POST', '/v1.47/networks/bridge/connect', { Container: 'web\ud83d' }),
      'invalid Container: must be Unicode text: it holds a lone UTF-16 surrogate',
    );
  });
});

describe('keys longer than any id', () => {
  it('are not searched as an id prefix: 404, not SQLite’s "LIKE pattern too complex" 500', async () => {
    await refused(
      () => trpc('services.remove', { service: '9'.repeat(60_000) }),
      'No such service',
      'service',
      404,
    );
    await refused(
      () => docker('POST', '/v1.47/networks/bridge/connect', { Container: 'a'.repeat(60_000) }),
      'No such container',
      undefined,
      404,
    );
  });
});
