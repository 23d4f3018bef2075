import { engineFetch } from '../test-support/docker-api/engine-fetch.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredState, ServiceView } from '@switchyard/contracts';
import type { RunningControlPlane } from '../control-plane.js';
import { openDatabase, type Db } from '../db/client.js';
import type { FakeAgent } from '../test-support/fake-agent.js';
import {
  closeTestCluster,
  refusal,
  startTestCluster,
  until,
  type TestCluster,
} from '../test-support/test-cluster.js';

// The HTTP routing mesh on the real control plane (throwaway SQLite) with three fake agents;
// host-3 has no VXLAN, so it cannot join the mesh overlays. The Docker Engine API is on.

const short = 'com.docker.ucp.mesh.http';
let cluster: TestCluster;
let controlPlane: RunningControlPlane;
let hosts: FakeAgent[];
let db: Db;

beforeAll(async () => {
  cluster = await startTestCluster('routes', { engineApi: true, taskRestartDelayMs: 100 });
  controlPlane = cluster.controlPlane;
  db = openDatabase(controlPlane.config.databaseUrl);
  hosts = await Promise.all(
    [1, 2, 3].map((n) =>
      cluster.join(`host-${n}`, ['192.168.99.0/24'], {
        underlayAddress: `192.168.99.1${n}`,
        capabilities: n === 3 ? ['nftables'] : ['nftables', 'vxlan'],
      }),
    ),
  );
  await controlPlane.services.networks.create({ name: 'plain', driver: 'overlay' }, 'test');
}, 60_000);

afterAll(async () => {
  await db.$disconnect();
  await closeTestCluster(cluster);
});

const routes = () => controlPlane.services.routes;
const services = () => controlPlane.services.services;
const host = (index: number) => hosts[index] as FakeAgent;

const live = (view: ServiceView) =>
  view.tasks.filter((task) => task.desiredState === 'running' && task.state === 'running');
/** The agent reports its last document again, with its changed health or proxy state. */
function reReport(agent: FakeAgent): void {
  if (agent.desired !== null) agent.report(agent.desired);
}
const served = (doc: DesiredState | null, hostname: string) =>
  doc?.hrm?.routes.find((route) => route.hostname === hostname);
const events = async (kind: string, subject: string) =>
  (await db.event.findMany({ where: { kind, subject }, orderBy: { at: 'asc' } })).map((e) => e.message);

async function serving(name: string, running: number): Promise<ServiceView> {
  return until(async () => {
    const view = await services().get(name);
    return live(view).length === running ? view : undefined;
  });
}

describe('the mesh network', () => {
  it('is hrm, attachable and labelled, with a leg for every ready node that can build it', async () => {
    const hrm = await controlPlane.services.networks.get('hrm');
    expect(hrm).toMatchObject({
      driver: 'overlay',
      scope: 'swarm',
      attachable: true,
      labels: { [short]: 'true' },
    });
    const docs = await until(() =>
      host(0).desired?.hrm?.links.length === 1 && host(1).desired?.hrm?.links.length === 1
        ? [host(0).desired, host(1).desired]
        : undefined,
    );
    const legs = docs.map((doc) => doc?.hrm?.links[0]);
    for (const [index, doc] of docs.entries()) {
      const leg = legs[index];
      const other = legs[1 - index];
      expect(leg).toMatchObject({ networkId: hrm.id, interfaceName: `hrm-${hrm.vni}`, prefixLength: 24 });
      expect(doc?.hrm).toMatchObject({ httpPort: 80, sniPort: 8443, routes: [] });
      // The node joins hrm, and peers the other host's leg there.
      expect(doc?.networks.find((n) => n.id === hrm.id)?.overlay?.peers).toEqual([
        {
          address: other?.address,
          mac: other?.mac,
          underlay: index === 0 ? '192.168.99.12' : '192.168.99.11',
        },
      ]);
    }
    expect(legs[0]?.address).not.toBe(legs[1]?.address);
    // host-3 has no VXLAN: no leg, no proxy.
    expect(host(2).desired?.hrm).toBeNull();
    expect(host(2).desired?.networks.some((n) => n.id === hrm.id)).toBe(false);
    expect((await controlPlane.services.networks.get('hrm')).peers.map((p) => p.nodeName)).toEqual([
      'host-1',
      'host-2',
    ]);
  });
});

describe('routes', () => {
  it('routes a hostname to the serving tasks of a service on hrm, on every meshed host', async () => {
    await services().create(
      {
        name: 'web',
        image: 'switchyard/whoami',
        replicas: 2,
        networks: [{ network: 'hrm' }],
        healthCheck: { kind: 'tcp', port: 80 },
      },
      'test',
    );
    const web = await serving('web', 2);
    const created = await routes().create(
      { hostname: 'Foo.Example.com', service: 'web', internalPort: 80, stickyCookie: 'SY' },
      'alice',
    );
    expect(created).toMatchObject({
      hostname: 'foo.example.com',
      serviceName: 'web',
      serviceId: web.id,
      protocol: 'http',
      stickyCookie: 'SY',
      source: 'api',
      routable: true,
      reason: null,
      backends: 2,
    });
    expect(await events('route.created', 'foo.example.com')).toEqual([
      'alice created route foo.example.com -> web:80 (http)',
    ]);
    const addresses = live(web)
      .map((task) => ({
        task: task.name,
        address: task.addresses.find((a) => a.networkName === 'hrm')?.address,
        port: 80,
      }))
      .sort((a, b) => a.task.localeCompare(b.task));
    for (const each of [host(0), host(1)]) {
      const route = await until(() => served(each.desired, 'foo.example.com'));
      expect(route).toEqual({
        routeId: created.id,
        hostname: 'foo.example.com',
        protocol: 'http',
        serviceName: 'web',
        backends: addresses,
        stickyCookie: 'SY',
        redirect: null,
        isDefault: false,
      });
    }
    // Ready where the proxy runs and has the latest document; host-3 cannot join the overlay.
    const view = await until(async () => {
      const current = await routes().get('foo.example.com');
      return current.hosts.filter((h) => h.state === 'ready').length === 2 ? current : undefined;
    });
    expect(view.hosts).toEqual([
      { nodeId: expect.any(String), nodeName: 'host-1', state: 'ready', message: null },
      { nodeId: expect.any(String), nodeName: 'host-2', state: 'ready', message: null },
      {
        nodeId: expect.any(String),
        nodeName: 'host-3',
        state: 'error',
        message: 'node host-3 cannot realise overlay network hrm: its kernel has no VXLAN support',
      },
    ]);
  });

  it('keeps an unhealthy task out of the backends, and reports a failing proxy', async () => {
    const [sick, well] = live(await services().get('web'));
    const sickHost = hosts.find((h) => h.name === sick?.nodeName) as FakeAgent;
    sickHost.unhealthy.add(sick?.name ?? '');
    reReport(sickHost);
    const route = await until(() => {
      const current = served(host(0).desired, 'foo.example.com');
      return current?.backends.length === 1 ? current : undefined;
    });
    expect(route.backends.map((b) => b.task)).toEqual([well?.name]);
    // The view counts the serving tasks too.
    await until(async () => ((await routes().get('foo.example.com')).backends === 1 ? true : undefined));
    sickHost.unhealthy.clear();
    reReport(sickHost);
    await until(() => (served(host(0).desired, 'foo.example.com')?.backends.length === 2 ? true : undefined));

    host(1).proxyError = 'haproxy: cannot bind :80: address in use';
    reReport(host(1));
    const failing = await until(async () => {
      const view = await routes().get('foo.example.com');
      return view.hosts.find((h) => h.nodeName === 'host-2')?.state === 'error' ? view : undefined;
    });
    expect(failing.hosts.find((h) => h.nodeName === 'host-2')?.message).toBe(
      'haproxy: cannot bind :80: address in use',
    );
    host(1).proxyError = null;
    reReport(host(1));
  });

  it('sums the proxies’ counters from the heartbeats', async () => {
    const { id } = await routes().get('foo.example.com');
    const counters = (requests: number, avgResponseMs: number) => [
      {
        routeId: id,
        requests,
        status: { '1xx': 0, '2xx': requests - 2, '3xx': 0, '4xx': 1, '5xx': 1 },
        avgResponseMs,
      },
    ];
    host(0).routeCounters = counters(10, 3);
    host(1).routeCounters = counters(30, 5);
    host(0).heartbeat();
    host(1).heartbeat();
    const view = await until(async () => {
      const current = await routes().get(id);
      return current.counters.requests === 40 ? current : undefined;
    });
    expect(view.counters).toEqual({
      requests: 40,
      status: { '1xx': 0, '2xx': 36, '3xx': 0, '4xx': 2, '5xx': 2 },
      avgResponseMs: 4.5,
    });
  });

  it('refuses bad input naming the field, and taken hostnames naming their service', async () => {
    const create = (input: Record<string, unknown>) =>
      refusal(
        routes().create(
          { hostname: 'new.example.com', service: 'web', internalPort: 80, ...input } as never,
          'test',
        ),
      );
    expect(await create({ hostname: 'foo.example.com' })).toMatchObject({
      code: 'CONFLICT',
      field: 'hostname',
      message: 'hostname foo.example.com is already routed to service web',
    });
    expect(await create({ hostname: 'bad_host.example.com' })).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'hostname',
      message: expect.stringContaining('invalid label "bad_host"'),
    });
    expect(await create({ hostname: 'a..example.com' })).toMatchObject({ field: 'hostname' });
    expect(await create({ hostname: 'www.*.example.com' })).toMatchObject({
      field: 'hostname',
      message: 'hostname: may use * only as a whole first label, as in *.example.com',
    });
    expect(await create({ service: 'nosuch' })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'service',
      message: 'No such service: nosuch',
    });
    expect(await create({ internalPort: 70_000 })).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'internalPort',
    });
    expect(await create({ internalPort: 0 })).toMatchObject({ code: 'BAD_REQUEST', field: 'internalPort' });
    expect(await create({ protocol: 'sni', stickyCookie: 'S' })).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'stickyCookie',
      message: 'an sni route passes TLS through untouched, so it cannot set a sticky cookie',
    });
    expect(await create({ protocol: 'sni', redirect: 'https://x.example.com' })).toMatchObject({
      field: 'redirect',
    });
    expect(await create({ protocol: 'sni', isDefault: true })).toMatchObject({ field: 'isDefault' });
    expect((await routes().list()).map((route) => route.hostname)).toEqual(['foo.example.com']);
  });

  it('allows one default route, and updates and removes api routes with events', async () => {
    await routes().create(
      { hostname: 'fallback.example.com', service: 'web', internalPort: 80, isDefault: true },
      'alice',
    );
    const second = await refusal(
      routes().create(
        { hostname: 'other.example.com', service: 'web', internalPort: 80, isDefault: true },
        'alice',
      ),
    );
    expect(second).toMatchObject({
      code: 'CONFLICT',
      field: 'isDefault',
      message: 'route fallback.example.com (service web) is already the default route: unset it there first',
    });
    // Re-saving the default route itself is no conflict.
    const updated = await routes().update(
      'fallback.example.com',
      { hostname: 'fallback.example.com', service: 'web', internalPort: 8080, isDefault: true },
      'bob',
    );
    expect(updated).toMatchObject({ internalPort: 8080, isDefault: true });
    await until(() =>
      served(host(0).desired, 'fallback.example.com')?.backends[0]?.port === 8080 ? true : undefined,
    );
    expect(await events('route.updated', 'fallback.example.com')).toEqual([
      'bob updated route fallback.example.com -> web:8080 (http)',
    ]);
    await routes().remove(updated.id, 'bob');
    expect(await events('route.removed', 'fallback.example.com')).toHaveLength(1);
    await until(() => (served(host(1).desired, 'fallback.example.com') === undefined ? true : undefined));
    expect(await refusal(routes().get('fallback.example.com'))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps a route to a service off the mesh, unsent, saying how to fix it', async () => {
    await services().create(
      { name: 'offmesh', image: 'switchyard/whoami', networks: [{ network: 'plain' }] },
      'test',
    );
    await serving('offmesh', 1);
    const route = await routes().create(
      { hostname: 'off.example.com', service: 'offmesh', internalPort: 80 },
      'test',
    );
    expect(route).toMatchObject({
      routable: false,
      backends: 0,
      reason:
        'service offmesh is not on the hrm network (or another network labelled com.docker.ucp.mesh.http): docker service update --network-add hrm offmesh',
    });
    expect(route.hosts.find((h) => h.nodeName === 'host-1')).toMatchObject({ state: 'pending' });
    // Joining hrm makes it routable: every meshed host is given it, with the task.
    const spec = (await services().get('offmesh')).spec;
    await services().update(
      'offmesh',
      { ...spec, networks: [{ network: 'plain' }, { network: 'hrm' }] },
      null,
      'test',
    );
    const sent = await until(() => {
      const current = served(host(1).desired, 'off.example.com');
      return current?.backends.length === 1 ? current : undefined;
    });
    expect(sent.backends[0]?.port).toBe(80);
    expect(await routes().get('off.example.com')).toMatchObject({
      routable: true,
      reason: null,
      backends: 1,
    });
    await services().remove('offmesh', 'test');
  });
});

describe('routes from UCP labels', () => {
  it('follows the service’s labels on create, update and remove, with events', async () => {
    await services().create(
      {
        name: 'shop',
        image: 'switchyard/whoami',
        networks: [{ network: 'hrm' }],
        labels: {
          [short]: '8080=http://shop.example.com',
          [`${short}.1`]: 'external_route=sni://pay.example.com,internal_port=443',
        },
      },
      'carol',
    );
    const byHost = async () =>
      Object.fromEntries(
        (await routes().list())
          .filter((route) => route.serviceName === 'shop')
          .map((route) => [route.hostname, [route.source, route.protocol, route.internalPort]]),
      );
    expect(await byHost()).toEqual({
      'shop.example.com': ['label', 'http', 8080],
      'pay.example.com': ['label', 'sni', 443],
    });
    expect(await events('route.created', 'shop.example.com')).toEqual([
      'carol created route shop.example.com -> shop:8080 (http, from the labels of service shop)',
    ]);
    await until(() => (served(host(0).desired, 'pay.example.com') === undefined ? undefined : true));

    // Not through the routes API: the labels own them.
    const edit = await refusal(
      routes().update(
        'shop.example.com',
        { hostname: 'shop.example.com', service: 'shop', internalPort: 81 },
        'x',
      ),
    );
    expect(edit).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'route',
      message:
        "route shop.example.com comes from the com.docker.ucp.mesh.http labels of service shop: change the service's labels instead (docker service update --label-add/--label-rm ... shop)",
    });
    expect((await refusal(routes().remove('pay.example.com', 'x'))).field).toBe('route');

    const spec = (await services().get('shop')).spec;
    await services().update(
      'shop',
      {
        ...spec,
        labels: {
          [short]: '9090=http://shop.example.com,8080=http://api.shop.example.com',
          team: 'shop',
        },
      },
      null,
      'dave',
    );
    expect(await byHost()).toEqual({
      'shop.example.com': ['label', 'http', 9090],
      'api.shop.example.com': ['label', 'http', 8080],
    });
    expect(await events('route.updated', 'shop.example.com')).toEqual([
      'dave updated route shop.example.com -> shop:9090 (http, from the labels of service shop)',
    ]);
    expect(await events('route.removed', 'pay.example.com')).toHaveLength(1);
    expect(await events('route.created', 'api.shop.example.com')).toHaveLength(1);
    await until(() => (served(host(1).desired, 'pay.example.com') === undefined ? true : undefined));

    await services().remove('shop', 'erin');
    expect(await byHost()).toEqual({});
    expect(await events('route.removed', 'shop.example.com')).toEqual([
      'erin removed route shop.example.com -> shop:9090 (http, from the labels of service shop)',
    ]);
    await until(() => (served(host(0).desired, 'api.shop.example.com') === undefined ? true : undefined));
  });

  it('refuses a label whose hostname another service holds, leaving nothing made', async () => {
    const taken = await refusal(
      services().create(
        { name: 'thief', image: 'switchyard/whoami', labels: { [short]: '80=http://foo.example.com' } },
        'test',
      ),
    );
    expect(taken).toMatchObject({
      code: 'CONFLICT',
      field: 'labels',
      message: `label ${short}: hostname foo.example.com is already routed to service web`,
    });
    expect((await services().list()).map((s) => s.spec.name)).not.toContain('thief');
    const bad = await refusal(
      services().create(
        { name: 'thief', image: 'switchyard/whoami', labels: { [`${short}.1`]: 'internal_port=80' } },
        'test',
      ),
    );
    expect(bad).toMatchObject({ code: 'BAD_REQUEST', field: 'labels' });
    // An update that would take it is refused too, and the service keeps its old spec.
    const spec = (await services().get('web')).spec;
    await services().create({ name: 'quiet', image: 'switchyard/whoami', replicas: 0 }, 'test');
    const update = await refusal(
      services().update(
        'quiet',
        { ...spec, name: 'quiet', labels: { [short]: '80=http://foo.example.com' } },
        null,
        'test',
      ),
    );
    expect(update.code).toBe('CONFLICT');
    expect((await services().get('quiet')).spec.labels).toEqual({});
    await services().remove('quiet', 'test');
  });

  it('answers a bad label on the Docker Engine API with 400 and the quoted part', async () => {
    const engine = engineFetch(controlPlane.dockerHost);
    const post = (path: string, body: unknown) =>
      engine(`/v1.47${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const spec = (labels: Record<string, string>) => ({
      Name: 'dockerweb',
      Labels: labels,
      TaskTemplate: { ContainerSpec: { Image: 'switchyard/whoami' }, Networks: [{ Target: 'hrm' }] },
    });
    const bad = await post(
      '/services/create',
      spec({ [`${short}.1`]: 'external_route=http://d.example.com,internal_port=eighty' }),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      message: `label ${short}.1: cannot read "internal_port=eighty": internal_port must be a port number from 1 to 65535`,
    });
    const made = await post('/services/create', spec({ [short]: '80=http://d.example.com' }));
    expect(made.status).toBe(201);
    expect((await routes().get('d.example.com')).source).toBe('label');
    const taken = await post(
      '/services/dockerweb/update?version=1',
      spec({ [short]: '80=http://d.example.com,80=http://foo.example.com' }),
    );
    expect(taken.status).toBe(409);
    expect(await taken.json()).toEqual({
      message: `label ${short}: hostname foo.example.com is already routed to service web`,
    });
    const gone = await engine('/v1.47/services/dockerweb', { method: 'DELETE' });
    expect(gone.status).toBe(200);
    expect(await refusal(routes().get('d.example.com'))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
