import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { uiNamespace } from '@switchyard/contracts';
import type { RunningControlPlane } from '../control-plane.js';
import type { FakeAgent } from '../test-support/fake-agent.js';
import type { ServiceError } from '../errors.js';
import {
  closeTestCluster,
  refusal,
  startTestCluster,
  testAdminPassword as adminPassword,
  until,
  type TestCluster,
} from '../test-support/test-cluster.js';

// The real control plane on a throwaway SQLite database, with fake agents (./fake-agent.ts) in
// place of real ones. No kernel is touched, so this needs no root.

let cluster: TestCluster;
let controlPlane: RunningControlPlane;
let nodeA: FakeAgent;
let nodeB: FakeAgent;

beforeAll(async () => {
  cluster = await startTestCluster('inventory', {
    // A closed agent is down within 4 s (its node is not marked down at the disconnect itself).
    heartbeatIntervalMs: 500,
    nodeDownAfterMs: 4_000,
  });
  controlPlane = cluster.controlPlane;
  // node-a's own addresses sit in 172.18.0.0/16, as a lab underlay might: IPAM must skip it there.
  nodeA = await cluster.join('node-a', ['172.18.0.0/16']);
  nodeB = await cluster.join('node-b', []);
}, 60_000);

afterAll(() => closeTestCluster(cluster));

const networks = () => controlPlane.services.networks;
const containers = () => controlPlane.services.containers;

describe('networks', () => {
  it('has the predefined networks, which cannot be removed', async () => {
    const list = await networks().list();
    expect(list.slice(0, 3).map((n) => [n.name, n.driver, n.predefined])).toEqual([
      ['bridge', 'bridge', true],
      ['host', 'host', true],
      ['none', 'null', true],
    ]);
    expect(list[0]?.ipam).toEqual([{ subnet: '172.17.0.0/16', gateway: '172.17.0.1', auxAddresses: {} }]);
    expect((await refusal(networks().remove('bridge', 'test'))).message).toBe(
      'bridge is a pre-defined network and cannot be removed',
    );
  });

  it('places a network by label, skipping subnets that overlap the node’s own networks', async () => {
    const onA = await networks().create(
      { name: 'front', labels: { 'com.switchyard.node': 'node-a' } },
      'test',
    );
    expect(onA).toMatchObject({ nodeName: 'node-a', scope: 'local' });
    expect(onA.id).toMatch(/^[0-9a-f]{64}$/);
    expect(onA.ipam).toEqual([{ subnet: '172.19.0.0/16', gateway: '172.19.0.1', auxAddresses: {} }]);
    const onB = await networks().create(
      { name: 'other', labels: { 'com.switchyard.node': 'node-b' } },
      'test',
    );
    expect(onB.ipam[0]?.subnet).toBe('172.18.0.0/16');
    // Pushed: node-a realises docker0 and br-<id>, node-b docker0 and its own (and both the ingress overlay).
    await until(() => (nodeA.desired?.networks.some((n) => n.id === onA.id) ? true : undefined));
    const bridges = nodeA.desired?.networks.filter((n) => n.driver === 'bridge');
    expect(bridges?.map((n) => n.bridge?.interfaceName)).toEqual(['docker0', `br-${onA.id.slice(0, 12)}`]);
    expect(nodeB.desired?.networks.some((n) => n.id === onA.id)).toBe(false);
  });

  it('refuses bad input with Docker’s words and the field', async () => {
    const cases: [Parameters<ReturnType<typeof networks>['create']>[0], string, string][] = [
      [{ name: 'front' }, 'network with name front already exists', 'name'],
      [{ name: 'x1', driver: 'foo' }, 'plugin "foo" not found', 'driver'],
      [
        { name: 'x2', ipam: [{ subnet: '172.19.1.0/24' }] },
        'Pool overlaps with other one on this address space: 172.19.1.0/24 overlaps 172.19.0.0/16 of network front',
        'ipam.0.subnet',
      ],
      [
        { name: 'x3', options: { 'com.docker.network.driver.mtu': '9' } },
        'invalid MTU',
        'options.com.docker.network.driver.mtu',
      ],
      [
        { name: 'x4', options: { 'com.example.x': '1' } },
        'unknown option com.example.x',
        'options.com.example.x',
      ],
      [
        { name: 'x5', labels: { 'com.switchyard.node': 'node-z' } },
        'no node named "node-z"',
        'labels.com.switchyard.node',
      ],
      [{ name: 'x6', ipam: [{ subnet: '10.9.0.0/33' }] }, 'ipam.0.subnet', 'ipam.0.subnet'],
    ];
    for (const [input, message, field] of cases) {
      const error = await refusal(networks().create(input, 'test'));
      expect(error.message).toContain(message);
      expect(error.field).toBe(field);
    }
  });

  it('gives concurrent creates distinct subnets', async () => {
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, i) => networks().create({ name: `par${i}` }, 'test')),
    );
    const subnets = created.map((n) => n.ipam[0]?.subnet);
    expect(new Set(subnets).size).toBe(6);
    await Promise.all(created.map((n) => networks().remove(n.id, 'test')));
  });
});

describe('containers', () => {
  it('creates on its network’s node with addresses, MAC, eth order and Docker-style ids', async () => {
    await networks().create(
      {
        name: 'back',
        labels: { 'com.switchyard.node': 'node-a' },
        ipam: [{ subnet: '10.50.0.0/24', ipRange: '10.50.0.128/25', auxAddresses: { r: '10.50.0.128' } }],
      },
      'test',
    );
    const web = await containers().create(
      {
        name: 'web',
        image: 'switchyard/whoami',
        networks: [{ network: 'front', aliases: ['www'] }, { network: 'back' }],
        ports: [{ hostIp: null, hostPort: 8080, containerPort: 80, protocol: 'tcp' }],
      },
      'test',
    );
    expect(web.id).toMatch(/^[0-9a-f]{64}$/);
    expect(web).toMatchObject({
      nodeName: 'node-a',
      networkMode: 'front',
      status: 'created',
      hostname: web.id.slice(0, 12),
    });
    expect(web.netns).toBe(`node-a-sb-${web.id.slice(0, 12)}`);
    expect(web.networks.map((n) => [n.networkName, n.ipv4Address, n.prefixLength, n.mac])).toEqual([
      ['front', '172.19.0.2', 16, '02:42:ac:13:00:02'],
      ['back', '10.50.0.129', 24, '02:42:0a:32:00:81'],
    ]);
    expect(web.ports).toEqual([{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' }]);

    const tool = await containers().create(
      {
        name: 'tool',
        image: 'switchyard/toolbox:latest',
        networks: [{ network: 'front', ipv4Address: '172.19.9.9' }],
      },
      'test',
    );
    expect(tool.networks[0]?.ipv4Address).toBe('172.19.9.9');

    const document = await until(() =>
      nodeA.desired?.sandboxes.find((s) => s.name === 'tool')?.dns.records.length ? nodeA.desired : undefined,
    );
    const toolDoc = document.sandboxes.find((s) => s.name === 'tool');
    expect(toolDoc?.dns.embedded).toBe(true);
    const names = toolDoc?.dns.records.map((r) => `${r.name}=${r.address}`) ?? [];
    expect(names).toEqual(expect.arrayContaining(['web=172.19.0.2', 'www=172.19.0.2', 'tool=172.19.9.9']));
    expect(names).not.toContain('web=10.50.0.129');
    const webDoc = document.sandboxes.find((s) => s.name === 'web');
    expect(webDoc?.ports).toEqual([
      { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp', targetAddress: '172.19.0.2' },
    ]);
    expect(webDoc?.endpoints.map((e) => e.interfaceName)).toEqual(['eth0', 'eth1']);
  });

  it('refuses what Docker refuses, naming the field', async () => {
    const cases: [Parameters<ReturnType<typeof containers>['create']>[0], string, string][] = [
      [
        { name: 'web', image: 'switchyard/whoami' },
        'Conflict. The container name "/web" is already in use',
        'name',
      ],
      [{ image: 'nginx' }, 'No such image: nginx:latest', 'image'],
      [
        { image: 'switchyard/whoami', networks: [{ network: 'nope' }] },
        'No such network: nope',
        'networks.0.network',
      ],
      [
        { image: 'switchyard/whoami', networks: [{ network: 'front', ipv4Address: '172.19.9.9' }] },
        'Address already in use: 172.19.9.9 is held by container tool',
        'networks.0.ipv4Address',
      ],
      [
        { image: 'switchyard/whoami', networks: [{ network: 'host' }, { network: 'front' }] },
        'Container cannot be connected to network endpoints: host, front',
        'networks',
      ],
      [
        { image: 'switchyard/whoami', networks: [{ network: 'front' }, { network: 'other' }] },
        'front (on node-a) and other (on node-b)',
        'networks',
      ],
      [
        { image: 'switchyard/whoami', networks: [{ network: 'bridge', aliases: ['x'] }] },
        'network-scoped alias',
        'networks.0.aliases',
      ],
      [
        {
          image: 'switchyard/whoami',
          networks: [{ network: 'front' }],
          ports: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' }],
        },
        'Bind for 127.0.0.1:8080 failed: port is already allocated',
        'ports.0',
      ],
      [
        {
          image: 'switchyard/whoami',
          networks: [{ network: 'front' }],
          ports: [{ hostIp: null, hostPort: 80, containerPort: 80, protocol: 'tcp' }],
        },
        'port 80 is already in use by the HTTP routing mesh (SWITCHYARD_HRM_HTTP_PORT)',
        'ports.0',
      ],
    ];
    for (const [input, message, field] of cases) {
      const error = await refusal(containers().create(input, 'test'));
      expect(error.message).toContain(message);
      expect(error.field).toBe(field);
    }
  });

  it('gives concurrent creates on one network distinct addresses, and -P distinct ports', async () => {
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        containers().create(
          { name: `par${i}`, image: 'switchyard/whoami', networks: [{ network: 'back' }], publishAll: true },
          'test',
        ),
      ),
    );
    const addresses = created.map((c) => c.networks[0]?.ipv4Address);
    expect(new Set(addresses).size).toBe(8);
    expect(addresses.every((a) => a !== '10.50.0.128')).toBe(true);
    const ports = created.map((c) => c.ports[0]?.hostPort);
    expect(new Set(ports).size).toBe(8);
    expect(Math.min(...ports.map(Number))).toBe(32768);
    await Promise.all(created.map((c) => containers().remove(c.id, { force: false }, 'test')));
    // Released: the lowest address of the range is free again.
    const again = await containers().create(
      { image: 'switchyard/whoami', networks: [{ network: 'back' }] },
      'test',
    );
    expect(again.name).toMatch(/^[a-z]+_[a-z]+\d?$/);
    expect(again.networks[0]?.ipv4Address).toBe('10.50.0.130');
    await containers().remove(again.name, { force: false }, 'test');
  });

  it('puts default-bridge containers anywhere, with cluster-unique addresses and no DNS', async () => {
    const a = await containers().create(
      { name: 'plain-a', image: 'switchyard/toolbox', labels: { 'com.switchyard.node': 'node-a' } },
      'test',
    );
    const b = await containers().create(
      { name: 'plain-b', image: 'switchyard/toolbox', labels: { 'com.switchyard.node': 'node-b' } },
      'test',
    );
    expect([a.nodeName, b.nodeName]).toEqual(['node-a', 'node-b']);
    expect(a.networks[0]?.ipv4Address).toBe('172.17.0.2');
    expect(b.networks[0]?.ipv4Address).toBe('172.17.0.3');
    const doc = await until(() => nodeB.desired?.sandboxes.find((s) => s.name === 'plain-b'));
    expect(doc.dns).toEqual({ embedded: false, servers: [], search: [], records: [], srv: [] });
    const host = await containers().create(
      { name: 'on-host', image: 'switchyard/toolbox', networks: [{ network: 'host' }] },
      'test',
    );
    expect(host).toMatchObject({ networkMode: 'host', netns: null });
    expect(host.networks[0]).toMatchObject({ networkName: 'host', ipv4Address: null });
    for (const name of ['plain-a', 'plain-b', 'on-host'])
      await containers().remove(name, { force: false }, 'test');
  });

  it('starts and stops through the agent, refuses removing a running one, and reads logs', async () => {
    const started = await containers().start('web', 'test');
    expect(started).toMatchObject({ status: 'running', desiredRunning: true, pid: 4242 });
    expect((await containers().list({ all: false })).map((c) => c.name)).toContain('web');
    const error = await refusal(containers().remove('web', { force: false }, 'test'));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('You cannot remove a running container');
    expect(await containers().logs('web', { tail: 10 })).toEqual([
      { stream: 'stdout', at: '2026-11-28T00:00:00Z', text: `hi from ${started.id.slice(0, 12)}` },
    ]);
    const stopped = await containers().stop('web', 'test');
    expect(stopped).toMatchObject({ status: 'exited', desiredRunning: false, exitCode: 0 });
  });

  it('lets a new container take a stopped one’s host port, which it settles again on start', async () => {
    // docker-compose's recreate: the old container is stopped and renamed, the new one wants its ports.
    const next = await containers().create(
      {
        name: 'web-next',
        image: 'switchyard/whoami',
        networks: [{ network: 'front' }],
        ports: [{ hostIp: null, hostPort: 8080, containerPort: 80, protocol: 'tcp' }],
      },
      'test',
    );
    expect(next.ports).toEqual([{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' }]);
    expect((await containers().get('web')).ports).toEqual([]);
    const error = await refusal(containers().start('web', 'test'));
    expect(error.message).toBe(
      'Bind for 0.0.0.0:8080 failed: port is already allocated: held by container web-next',
    );
    expect((await containers().get('web')).desiredRunning).toBe(false);
    await containers().remove('web-next', { force: false }, 'test');
    expect((await containers().start('web', 'test')).ports).toEqual([
      { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
    ]);
    await containers().stop('web', 'test');
  });

  it('renames a container: its new name resolves on its networks, its old one no longer', async () => {
    const renamed = await containers().rename('web', 'web-old', 'test');
    expect(renamed.name).toBe('web-old');
    const records = async () =>
      nodeA.desired?.sandboxes.find((s) => s.name === 'tool')?.dns.records.map((r) => r.name) ?? [];
    await until(async () => ((await records()).includes('web-old') ? true : undefined));
    expect(await records()).not.toContain('web');
    expect((await refusal(containers().get('web'))).code).toBe('NOT_FOUND');
    const taken = await refusal(containers().rename('web-old', 'tool', 'test'));
    expect([taken.code, taken.field]).toEqual(['CONFLICT', 'name']);
    expect(taken.message).toContain('The container name "/tool" is already in use');
    const same = await refusal(containers().rename('web-old', 'web-old', 'test'));
    expect(same.message).toBe('Renaming a container with the same name as its current name');
    const bad = await refusal(containers().rename('web-old', 'no/slash', 'test'));
    expect([bad.code, bad.field]).toEqual(['BAD_REQUEST', 'name']);
    await containers().rename('web-old', 'web', 'test');
  });

  it('returns the agent’s error when a start fails', async () => {
    await containers().create({ name: 'broken', image: 'switchyard/toolbox', env: { FAIL: '1' } }, 'test');
    const error = await refusal(containers().start('broken', 'test'));
    expect(error.message).toBe('cannot start container broken: exec: "nope": executable file not found');
    expect((await containers().get('broken')).desiredRunning).toBe(false);
    await containers().remove('broken', { force: false }, 'test');
  });

  it('connects, disconnects, and refuses removing a network with endpoints', async () => {
    await networks()
      .connect('other', 'web', {}, 'test')
      .then(
        () => expect.fail('a network of another node'),
        (e: ServiceError) => expect(e.message).toContain('lives on another node'),
      );
    await networks().disconnect('back', 'web', false, 'test');
    expect((await containers().get('web')).networks.map((n) => n.networkName)).toEqual(['front']);
    await networks().connect('back', 'web', { aliases: ['api'], ipv4Address: '10.50.0.200' }, 'test');
    const web = await containers().get('web');
    expect(web.networks.map((n) => [n.networkName, n.ipv4Address, n.aliases])).toEqual([
      ['front', '172.19.0.2', ['www']],
      ['back', '10.50.0.200', ['api']],
    ]);
    const back = await networks().get('back');
    const error = await refusal(networks().remove('back', 'test'));
    expect(error.message).toBe(
      `error while removing network: network back id ${back.id} has active endpoints (container web)`,
    );
    expect(back.containers.map((c) => [c.containerName, c.ipv4Address])).toEqual([['web', '10.50.0.200/24']]);
    expect(back.realisation).toEqual([
      { nodeId: back.nodeId, nodeName: 'node-a', ready: true, message: null },
    ]);
  });

  it('keeps the last observed status while the node is down, and refuses to stop there', async () => {
    await containers().start('tool', 'test');
    const down = new Promise((resolve) => nodeA.socket.once('disconnect', resolve));
    nodeA.socket.close();
    await down;
    await until(
      async () =>
        (await cluster.controlPlane.services.registry.list()).find((node) => node.name === 'node-a')
          ?.status === 'down'
          ? true
          : undefined,
      10_000,
    );
    const tool = await containers().get('tool');
    expect(tool.status).toBe('running');
    expect((await networks().get('front')).realisation[0]).toMatchObject({
      ready: false,
      message: 'node node-a is down',
    });
    const error = await refusal(containers().stop('tool', 'test'));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain('node node-a is down');
    expect((await refusal(containers().logs('tool', { tail: null }))).code).toBe('UNAVAILABLE');
    await containers().remove('tool', { force: true }, 'test');
    await containers().remove('web', { force: true }, 'test');
    await networks().remove('back', 'test');
    expect(await networks().prune('test')).toEqual(['front', 'other']);
    expect((await networks().list()).map((n) => n.name)).toEqual([
      'bridge',
      'host',
      'none',
      'hrm',
      'ingress',
    ]);
  }, 20_000);
});

describe('tRPC', () => {
  interface Reply {
    status: number;
    body: {
      result?: { data: unknown };
      error?: { message: string; data: { code: string; field: string | null } };
    };
  }

  async function login(): Promise<string> {
    const response = await fetch(`${controlPlane.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: adminPassword }),
    });
    return response.headers.get('set-cookie')?.split(';')[0] ?? '';
  }

  async function call(cookie: string, path: string, input?: unknown): Promise<Reply> {
    const headers = { 'content-type': 'application/json', cookie };
    const response =
      input === undefined
        ? await fetch(`${controlPlane.url}/trpc/${path}`, { headers })
        : await fetch(`${controlPlane.url}/trpc/${path}`, {
            method: 'POST',
            headers,
            body: JSON.stringify(input),
          });
    return { status: response.status, body: (await response.json()) as Reply['body'] };
  }

  it('maps service refusals to HTTP codes with the field, and announces changes live', async () => {
    const cookie = await login();
    // A manager of its own: socket.io-client would otherwise share the fake agents' connection.
    const live = io(`${controlPlane.url}${uiNamespace}`, { extraHeaders: { cookie }, forceNew: true });
    const changes: { kind: string; id: string }[] = [];
    live.on('inventory.changed', (change: { kind: string; id: string }) => changes.push(change));
    await new Promise((resolve, reject) => {
      live.once('connect', () => resolve(undefined));
      live.once('connect_error', reject);
    });

    const unknownDriver = await call(cookie, 'networks.create', { name: 'n1', driver: 'foo' });
    expect(unknownDriver.status).toBe(400);
    expect(unknownDriver.body.error?.message).toBe('plugin "foo" not found');
    expect(unknownDriver.body.error?.data.field).toBe('driver');

    const badName = await call(cookie, 'networks.create', { name: '' });
    expect(badName.status).toBe(400);
    expect(badName.body.error?.data.field).toBe('name');

    const created = await call(cookie, 'networks.create', {
      name: 'n1',
      labels: { 'com.switchyard.node': 'node-b' },
    });
    expect(created.status).toBe(200);
    const duplicate = await call(cookie, 'networks.create', { name: 'n1' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error?.message).toBe('network with name n1 already exists');

    const missing = await call(cookie, 'containers.start', { container: 'ghost' });
    expect(missing.status).toBe(404);
    expect(missing.body.error?.message).toBe('No such container: ghost');

    const topology = await call(cookie, 'inventory.topology');
    const data = topology.body.result?.data as {
      nodes: unknown[];
      networks: { name: string }[];
      containers: unknown[];
    };
    expect(data.networks.map((n) => n.name)).toContain('n1');
    expect(data.nodes.length).toBeGreaterThanOrEqual(2);

    expect((await call(cookie, 'networks.remove', { network: 'n1' })).status).toBe(200);
    await until(() => (changes.filter((c) => c.kind === 'network').length >= 2 ? true : undefined));
    live.close();
  });
});
