import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeInventory } from '../test-support/docker-api/fake-inventory.js';
import { startFakeEngineApi, type FakeEngineApi } from '../test-support/docker-api/fake-engine-api.js';

// The endpoint's routing, status codes and error shapes over loopback HTTP, backed by the fake
// service layer.

const fake = new FakeInventory();
let api: FakeEngineApi;
let base: string;

beforeAll(async () => {
  api = await startFakeEngineApi(fake);
  base = `http://127.0.0.1:${api.port}`;
});

afterAll(async () => {
  await api.stop();
});

const call = (method: string, path: string, body?: unknown) =>
  fetch(`${base}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });

describe('Docker Engine API routing', () => {
  it('answers HEAD and GET /_ping with the headers the CLI negotiates from', async () => {
    for (const method of ['HEAD', 'GET']) {
      const response = await call(method, '/_ping');
      expect(response.status).toBe(200);
      expect(response.headers.get('api-version')).toBe('1.47');
      expect(response.headers.get('docker-experimental')).toBe('false');
      expect(response.headers.get('ostype')).toBe('linux');
      expect(await response.text()).toBe(method === 'GET' ? 'OK' : '');
    }
  });

  it('accepts any supported /v1.NN prefix, and none', async () => {
    for (const prefix of ['', '/v1.24', '/v1.47']) {
      const response = await call('GET', `${prefix}/networks`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { Name: string }[]).map((n) => n.Name)).toContain('bridge');
    }
  });

  it('refuses an API version above its own as dockerd does', async () => {
    const response = await call('GET', '/v1.99/networks');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      message: 'client version 1.99 is too new. Maximum supported API version is 1.47',
    });
  });

  it('answers unknown paths with 404 page not found', async () => {
    const response = await call('GET', '/v1.47/swarm');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'page not found' });
  });

  it('lists the network drivers under Plugins in info', async () => {
    const info = (await (await call('GET', '/v1.47/info')).json()) as { Plugins: { Network: string[] } };
    expect(info.Plugins.Network).toEqual(['bridge', 'host', 'macvlan', 'null', 'overlay']);
  });

  it('maps service refusals to 400, 404 and 409 with the message in Docker shape', async () => {
    const created = await call('POST', '/v1.47/networks/create', { Name: 'dup' });
    expect(created.status).toBe(201);
    const conflict = await call('POST', '/v1.47/networks/create', { Name: 'dup' });
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toEqual({ message: 'network with name dup already exists' });
    const missing = await call('GET', '/v1.47/networks/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'network nope not found' });
    const bad = await call('POST', '/v1.47/networks/create', {
      Name: 'b',
      IPAM: { Config: [{ Subnet: '1.2.3' }] },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^invalid IPAM\.Config\[0\]\.Subnet/);
    const notJson = await fetch(`${base}/v1.47/networks/create`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('passes the caller as the audit actor', async () => {
    await call('POST', '/v1.47/networks/create', { Name: 'audited' });
    expect(fake.calls).toContain('network.create audited by root');
  });

  it('answers an image that is not built in with 404 No such image, and a pull with no container host with 503', async () => {
    const create = await call('POST', '/v1.47/containers/create', { Image: 'nginx' });
    expect(create.status).toBe(404);
    expect(await create.json()).toEqual({ message: 'No such image: nginx:latest' });
    const pull = await call('POST', '/v1.47/images/create?fromImage=nginx&tag=latest');
    expect(pull.status).toBe(503);
    expect(((await pull.json()) as { message: string }).message).toBe(
      'cannot pull nginx:latest: no ready host has a container runtime',
    );
    const image = await call('GET', '/v1.47/images/switchyard/whoami:latest/json');
    expect(((await image.json()) as { RepoTags: string[] }).RepoTags).toEqual(['switchyard/whoami:latest']);
  });

  it('inspects a built-in image by the id a container shows, as docker-compose images does', async () => {
    const byName = (await (await call('GET', '/v1.47/images/switchyard/toolbox/json')).json()) as {
      Id: string;
    };
    for (const reference of [byName.Id, byName.Id.slice('sha256:'.length, 'sha256:'.length + 12)]) {
      const image = await call('GET', `/v1.47/images/${reference}/json`);
      expect(image.status).toBe(200);
      expect(((await image.json()) as { RepoTags: string[] }).RepoTags).toEqual([
        'switchyard/toolbox:latest',
      ]);
    }
    const unknown = await call('GET', `/v1.47/images/sha256:${'0'.repeat(64)}/json`);
    expect(unknown.status).toBe(404);
  });

  it("keeps an image's legacy ContainerConfig, which docker-compose 1.29 reads on recreate", async () => {
    const image = (await (await call('GET', '/v1.47/images/switchyard/whoami/json')).json()) as object;
    expect(image).toMatchObject({ ContainerConfig: { ExposedPorts: { '80/tcp': {} } } });
  });

  it('renames a container, and asks for the new name', async () => {
    await call('POST', '/v1.47/containers/create?name=old-name', { Image: 'switchyard/toolbox' });
    expect((await call('POST', '/v1.47/containers/old-name/rename?name=new-name')).status).toBe(204);
    expect(fake.calls).toContain('container.rename old-name to new-name by root');
    const missing = await call('POST', '/v1.47/containers/new-name/rename');
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ message: 'invalid name: a new name is required' });
    await call('DELETE', '/v1.47/containers/new-name?force=1');
  });

  it("merges the image's exposed ports, starts with 204 then 304, and stops likewise", async () => {
    const create = await call('POST', '/v1.47/containers/create?name=web', { Image: 'switchyard/whoami' });
    expect(create.status).toBe(201);
    const { Id } = (await create.json()) as { Id: string };
    expect([...fake.containerViews.values()].find((view) => view.id === Id)?.exposedPorts).toEqual([
      { port: 80, protocol: 'tcp' },
    ]);
    expect((await call('POST', `/v1.47/containers/web/start`)).status).toBe(204);
    expect((await call('POST', `/v1.47/containers/web/start`)).status).toBe(304);
    expect((await call('POST', `/v1.47/containers/web/stop?t=3`)).status).toBe(204);
    expect(fake.calls).toContain('container.stop web t=3 by root');
    expect((await call('POST', `/v1.47/containers/web/stop`)).status).toBe(304);
  });

  it('refuses a stop timeout that is not whole decimal seconds, before looking the container up', async () => {
    for (const t of ['%20', '0x10', '1e3', '1.0', '-2', 'Infinity', '99999999999']) {
      const response = await call('POST', `/v1.47/containers/nowhere/stop?t=${t}`);
      expect(response.status, t).toBe(400);
      expect(((await response.json()) as { message: string }).message, t).toMatch(/^invalid t: /);
    }
  });

  it('answers wait once the container has exited after the wait began', async () => {
    await call('POST', '/v1.47/containers/create?name=waited', { Image: 'switchyard/toolbox' });
    const waiting = call('POST', '/v1.47/containers/waited/wait?condition=next-exit');
    await call('POST', '/v1.47/containers/waited/start');
    await call('POST', '/v1.47/containers/waited/stop');
    const response = await waiting;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ StatusCode: 0, Error: null });
  });

  it('sends logs as a multiplexed stream and requires a stream', async () => {
    await call('POST', '/v1.47/containers/create?name=logged', { Image: 'switchyard/toolbox' });
    const response = await call('GET', '/v1.47/containers/logged/logs?stdout=1&tail=1');
    expect(response.headers.get('content-type')).toBe('application/vnd.docker.multiplexed-stream');
    const body = Buffer.from(await response.arrayBuffer());
    expect([...body.subarray(0, 8)]).toEqual([1, 0, 0, 0, 0, 0, 0, 10]);
    expect(body.subarray(8).toString()).toBe('GET / 200\n');
    const none = await call('GET', '/v1.47/containers/logged/logs');
    expect(none.status).toBe(400);
  });

  it('refuses to remove a running container without force (409), and removes it with force', async () => {
    await call('POST', '/v1.47/containers/create?name=busy', { Image: 'switchyard/toolbox' });
    await call('POST', '/v1.47/containers/busy/start');
    expect((await call('DELETE', '/v1.47/containers/busy')).status).toBe(409);
    expect((await call('DELETE', '/v1.47/containers/busy?force=1')).status).toBe(204);
    expect((await call('GET', '/v1.47/containers/busy/json')).status).toBe(404);
  });

  it('prunes unused networks, with and without filters', async () => {
    await call('POST', '/v1.47/networks/create', { Name: 'p1', Labels: { drop: 'yes' } });
    await call('POST', '/v1.47/networks/create', { Name: 'p2' });
    const filtered = await call(
      'POST',
      `/v1.47/networks/prune?filters=${encodeURIComponent('{"label":{"drop=yes":true}}')}`,
    );
    expect(await filtered.json()).toEqual({ NetworksDeleted: ['p1'] });
    const rest = (await (await call('POST', '/v1.47/networks/prune')).json()) as {
      NetworksDeleted: string[];
    };
    expect(rest.NetworksDeleted).toContain('p2');
    expect(fake.calls).toContain('network.prune by root');
  });

  it('tells the CLI it talks to a swarm manager', async () => {
    expect((await call('HEAD', '/_ping')).headers.get('swarm')).toBe('active/manager');
    const info = (await (await call('GET', '/v1.47/info')).json()) as { Swarm: Record<string, unknown> };
    expect(info.Swarm).toMatchObject({
      LocalNodeState: 'active',
      ControlAvailable: true,
      Nodes: 3,
      Managers: 1,
      Cluster: { ID: 'swarmclusterid0000000000a' },
    });
  });

  it('answers Swarm refusals in Docker shape: 404 service, 409 stale version, 400 field', async () => {
    const missing = await call('GET', '/v1.47/services/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'service nope not found' });
    const spec = { Name: 'api', TaskTemplate: { ContainerSpec: { Image: 'switchyard/whoami' } } };
    expect((await call('POST', '/v1.47/services/create', spec)).status).toBe(201);
    expect((await call('POST', '/v1.47/services/api/update?version=1', spec)).status).toBe(200);
    const stale = await call('POST', '/v1.47/services/api/update?version=1', spec);
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({ message: 'update out of sequence' });
    const noVersion = await call('POST', '/v1.47/services/api/update', spec);
    expect(noVersion.status).toBe(400);
    const bad = await call('POST', '/v1.47/services/create', {
      ...spec,
      Mode: { Replicated: { Replicas: -1 } },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(
      /^invalid Mode\.Replicated\.Replicas/,
    );
    const node = await call('POST', '/v1.47/nodes/host1/update?version=1', {
      Role: 'manager',
      Availability: 'active',
    });
    expect(node.status).toBe(400);
    expect((await call('GET', '/v1.47/nodes/nope')).status).toBe(404);
    expect((await call('DELETE', '/v1.47/services/api')).status).toBe(200);
    expect(
      (await call('GET', '/v1.47/tasks?filters=%7B%22service%22%3A%7B%22api%22%3Atrue%7D%7D')).status,
    ).toBe(200);
  });
});
