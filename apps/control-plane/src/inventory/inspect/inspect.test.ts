import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentProtocolVersion, type Condition, type SwitchyardEvent } from '@switchyard/contracts';
import { openDatabase, type Db } from '../../db/client.js';
import type { FakeAgent } from '../../test-support/fake-agent.js';
import {
  closeTestCluster,
  startTestCluster,
  until,
  type TestCluster,
} from '../../test-support/test-cluster.js';
import { inspectContainer } from '../../containers/container-inspect.js';
import { inspectNetwork } from '../../networks/network-inspect.js';
import { inspectNode } from '../../nodes/node-inspect.js';
import { inspectService } from '../../services/service-inspect.js';

// The inspect views and the agent's reports turned into events, against the real control plane
// with fake agents on a throwaway database.

let cluster: TestCluster;
let db: Db;
let hostA: FakeAgent;

beforeAll(async () => {
  cluster = await startTestCluster('inspect', { taskRestartDelayMs: 100 });
  db = openDatabase(cluster.controlPlane.config.databaseUrl);
  hostA = await cluster.join('insp-a', ['192.168.99.0/24'], {
    underlayAddress: '192.168.99.31',
    capabilities: ['nftables', 'vxlan'],
  });
  await cluster.join('insp-b', ['192.168.99.0/24'], {
    underlayAddress: '192.168.99.32',
    capabilities: ['nftables', 'vxlan'],
  });
  const { networks, containers, services } = cluster.controlPlane.services;
  await networks.create({ name: 'front', labels: { 'com.switchyard.node': 'insp-a' } }, 'alice');
  await containers.create(
    { name: 'web', image: 'switchyard/whoami', networks: [{ network: 'front' }] },
    'alice',
  );
  await containers.start('web', 'alice');
  await networks.create({ name: 'app', driver: 'overlay', attachable: true }, 'alice');
  await services.create(
    {
      name: 'api',
      image: 'switchyard/whoami',
      replicas: 2,
      networks: [{ network: 'app' }],
      ports: [{ targetPort: 80, publishedPort: 8081 }],
    },
    'alice',
  );
  await until(async () => {
    const view = await services.get('api');
    return view.running === 2 ? view : undefined;
  }, 10_000);
}, 60_000);

afterAll(async () => {
  await db.$disconnect();
  await closeTestCluster(cluster);
});

/** Sends what the fake agent last got, as its report, with these conditions and drift. */
function report(agent: FakeAgent, conditions: Condition[], driftRepaired: string[] = []): void {
  agent.socket.emit('observed', {
    protocolVersion: agentProtocolVersion,
    revision: agent.desired?.revision ?? 0,
    observedAt: new Date().toISOString(),
    conditions,
    driftRepaired,
    sandboxes: [],
  });
}

const agentEvents = async (kind: string): Promise<SwitchyardEvent[]> =>
  (await db.event.findMany({ where: { kind, actor: 'node:insp-a' }, orderBy: { at: 'asc' } })).map((row) => ({
    ...row,
    at: row.at.toISOString(),
  })) as SwitchyardEvent[];

describe('agent reports as events', () => {
  it('records a condition turning to failing and back, naming the object and the reason', async () => {
    const front = await cluster.controlPlane.services.networks.get('front');
    const key = `network/${front.id}`;
    // Only these reports: the fake agent's own answers to pushes would interleave with them.
    hostA.answering = false;
    report(hostA, [{ object: key, ready: false, message: 'RTNETLINK answers: File exists' }], [key]);
    const failed = await until(async () => (await agentEvents('agent.condition.failed'))[0]);
    expect(failed).toMatchObject({
      severity: 'error',
      subject: 'insp-a',
      message: `insp-a: network front (${key}) is failing: RTNETLINK answers: File exists`,
    });
    const drift = await until(async () => (await agentEvents('agent.drift.repaired'))[0]);
    expect(drift.message).toBe(`insp-a found drift and repaired it: network front (${key})`);

    // The same failure again is no new event; ready again is.
    report(hostA, [{ object: key, ready: false, message: 'still' }]);
    report(hostA, [{ object: key, ready: true }]);
    const recovered = await until(async () => (await agentEvents('agent.condition.recovered'))[0]);
    expect(recovered.message).toBe(`insp-a: network front (${key}) is ready again (it was failing: still)`);
    expect(await agentEvents('agent.condition.failed')).toHaveLength(1);

    const inspect = await inspectNetwork(db, 'front');
    expect(inspect.hosts).toMatchObject([
      {
        nodeName: 'insp-a',
        ready: true,
        condition: { ready: true, message: null },
        underlayAddress: '192.168.99.31',
      },
    ]);
    expect(inspect.hosts[0]?.drift.map((event) => event.message)).toEqual([drift.message]);
    expect(inspect.hosts[0]?.reportedAt).not.toBeNull();
    expect(inspect.events.map((event) => event.kind)).toEqual(
      expect.arrayContaining(['network.created', 'agent.drift.repaired', 'agent.condition.failed']),
    );
    hostA.answering = true;
    hostA.report(await until(() => hostA.desired ?? undefined));
  });
});

describe('inspect', () => {
  it('lists a bridge network’s containers with their host and address', async () => {
    const inspect = await inspectNetwork(db, 'front');
    expect(inspect.containers).toMatchObject([{ name: 'web', nodeName: 'insp-a', status: 'running' }]);
    expect(inspect.containers[0]?.address).toMatch(/^172\.\d+\.0\.2\/16$/);
    expect(inspect.tasks).toEqual([]);
  });

  it('lists an overlay’s services with their VIP, tasks with host and address, and its peers', async () => {
    const inspect = await inspectNetwork(db, 'app');
    expect(inspect.services).toMatchObject([{ name: 'api', running: 2, tasks: 2 }]);
    expect(inspect.services[0]?.vip).toMatch(/^10\./);
    expect(inspect.tasks).toHaveLength(2);
    for (const task of inspect.tasks) {
      expect(task).toMatchObject({ serviceName: 'api', state: 'running' });
      expect(task.address).toMatch(/^10\./);
      expect(['192.168.99.31', '192.168.99.32']).toContain(task.hostAddress);
    }
    expect(inspect.hosts.map((host) => host.nodeName).sort()).toEqual(['insp-a', 'insp-b']);
  });

  it('shows a node with its networks, containers, conditions and events', async () => {
    const inspect = await inspectNode(db, 'insp-a');
    expect(inspect.node).toMatchObject({ name: 'insp-a', status: 'ready' });
    expect(inspect.networks.map((network) => network.name)).toEqual(
      expect.arrayContaining(['front', 'bridge']),
    );
    expect(inspect.containers.map((container) => container.name)).toContain('web');
    expect(inspect.conditions.length).toBeGreaterThan(0);
    expect(inspect.events.some((event) => event.kind === 'node.joined')).toBe(true);
    await expect(inspectNode(db, 'nowhere')).rejects.toThrow('No such node: nowhere');
  });

  it('shows a container’s host, task and what the agent said about its sandbox', async () => {
    const web = await inspectContainer(db, 'web');
    expect(web).toMatchObject({ task: null, host: { nodeName: 'insp-a', status: 'ready' } });
    expect(web.events.map((event) => event.kind)).toEqual(
      expect.arrayContaining(['container.created', 'container.started']),
    );
    const api = await inspectService(db, 'api');
    const taskName = api.service.tasks[0]?.name ?? '';
    const task = await inspectContainer(db, taskName);
    expect(task.task).toMatchObject({ serviceName: 'api', name: taskName });
  });

  it('shows how each host realises a service: tasks and the routing mesh', async () => {
    const api = await inspectService(db, 'api');
    expect(api.ingressNetwork?.name).toBe('ingress');
    expect(api.hosts.map((host) => host.nodeName)).toEqual(['insp-a', 'insp-b']);
    expect(api.hosts.reduce((sum, host) => sum + host.tasks.running, 0)).toBe(2);
    for (const host of api.hosts) expect(host.ingress).not.toBeNull();
    expect(api.events.some((event) => event.kind === 'service.created')).toBe(true);
  });
});
