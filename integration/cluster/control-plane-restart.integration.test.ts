import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchyardEvent } from '@switchyard/contracts';
import { labDown, labUp } from '@switchyard/cli';
import { dockerCli, eventually, ok } from './test-support/cluster.js';
import {
  freePort,
  startControlPlaneChild,
  trpcMutation,
  trpcQuery,
  type ControlPlaneChild,
} from './test-support/control-plane-child.js';
import { engineCall } from './test-support/engine-http.js';

// Issue 16 item 3 on a real 3-host lab: the control plane is SIGKILLed and started again on the
// same data dir and port. No task is restarted or moved, every agent is back within 5 s, desired
// state and events are intact, and calls in flight at the kill left no half object.

const prefix = `cpr${process.pid % 1000}`;
const subnet = '192.168.141.0/24';
/** The default grace (SWITCHYARD_NODE_GRACE): the test waits it out to see that nothing moves after it either. */
const graceMs = 15_000;
let dataDir: string;
let port: number;
let controlPlane: ControlPlaneChild;

const docker = dockerCli(() => controlPlane.dockerHost);
const engine = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) =>
  engineCall(controlPlane.dockerHost, method, path, body);
const get = async <T>(path: string) => (await engine('GET', path)).body as T;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-cp-restart-'));
  port = await freePort();
  controlPlane = await startControlPlaneChild(dataDir, port);
  await labUp({ prefix, hosts: 3, subnet, dataDir, quiet: true });
  await ok(docker('network', 'create', '-d', 'overlay', '--attachable', 'rnet'));
  await ok(
    docker('service', 'create', '--name', 'web', '--replicas', '3', '--network', 'rnet', 'switchyard/whoami'),
  );
  await ok(docker('run', '-d', '--name', 'tool', '--network', 'rnet', 'switchyard/toolbox'));
}, 180_000);

afterAll(async () => {
  try {
    const services = await get<{ ID: string }[]>('/services');
    for (const service of services) await engine('DELETE', `/services/${service.ID}`);
    await docker('rm', '-f', 'tool');
    const networks = await get<{ Id: string; Name: string }[]>('/networks');
    for (const network of networks.filter((n) => /^(rnet|inflight)/.test(n.Name)))
      await engine('DELETE', `/networks/${network.Id}`);
  } finally {
    // The lab goes whatever happened above: it would block the next run's subnet.
    await labDown({ prefix, dataDir });
    await controlPlane.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 180_000);

interface TaskJson {
  ID: string;
  NodeID: string;
  DesiredState: string;
  Status: { State: string };
}
interface ContainerJson {
  Id: string;
  Name: string;
  State: { Status: string; Pid: number; StartedAt: string };
}

/** What a user would notice changing: tasks, their nodes and processes, the specs, the events. */
async function snapshot() {
  const tasks = (await get<TaskJson[]>('/tasks'))
    .filter((task) => task.DesiredState === 'running')
    .map((task) => `${task.ID} on ${task.NodeID}: ${task.Status.State}`)
    .sort();
  const containers = await Promise.all(
    (await get<{ Id: string }[]>('/containers/json?all=1')).map((c) =>
      get<ContainerJson>(`/containers/${c.Id}/json`),
    ),
  );
  const processes = containers
    .map((c) => `${c.Name} ${c.State.Status} pid ${c.State.Pid} since ${c.State.StartedAt}`)
    .sort();
  const services = (await get<{ ID: string; Spec: unknown; Endpoint: unknown }[]>('/services'))
    .map((s) => JSON.stringify([s.ID, s.Spec, s.Endpoint]))
    .sort();
  const networks = (await get<{ Id: string; Name: string; IPAM: unknown; Options: unknown }[]>('/networks'))
    .map((n) => JSON.stringify([n.Id, n.Name, n.IPAM, n.Options]))
    .sort();
  const events = (await trpcQuery<SwitchyardEvent[]>(dataDir, 'events.list', { limit: 1000 })).map(
    (event) => `${event.id} ${event.kind} ${event.subject ?? ''}`,
  );
  return { tasks, processes, services, networks, events };
}

describe('a control plane SIGKILLed and started again', () => {
  it('moves and restarts no task, has every agent back within 5 s, and keeps state and events', async () => {
    await eventually('three running tasks and a running toolbox', async () => {
      const running = (await get<TaskJson[]>('/tasks')).filter((t) => t.Status.State === 'running');
      const tool = await get<ContainerJson>('/containers/tool/json');
      return running.length === 3 && tool.State.Status === 'running' ? true : undefined;
    });
    const before = await snapshot();
    expect(before.tasks).toHaveLength(3);
    // Three tasks and the toolbox, each with the pid and start time the comparison below holds to.
    expect(before.processes.filter((line) => /running pid [1-9]/.test(line))).toHaveLength(4);

    // Creates in flight at the kill, through the Engine API and tRPC: each completes or fails, and
    // leaves a whole object or none.
    const inflight: { name: string; status: Promise<number | Error> }[] = [];
    const fail = (error: Error) => error;
    for (let i = 0; i < 6; i++) {
      inflight.push({
        name: `inflight-n${i}`,
        status: engine('POST', '/networks/create', { Name: `inflight-n${i}`, Driver: 'overlay' }).then(
          (reply) => reply.status,
          fail,
        ),
      });
      inflight.push({
        name: `inflight-s${i}`,
        status: engine('POST', '/services/create', {
          Name: `inflight-s${i}`,
          TaskTemplate: { ContainerSpec: { Image: 'switchyard/whoami' }, Networks: [{ Target: 'rnet' }] },
          Mode: { Replicated: { Replicas: 0 } },
          EndpointSpec: { Ports: [{ TargetPort: 80, PublishedPort: 31_000 + i }] },
        }).then((reply) => reply.status, fail),
      });
      inflight.push({
        name: `inflight-t${i}`,
        status: trpcMutation(dataDir, 'networks.create', { name: `inflight-t${i}`, driver: 'overlay' }).catch(
          fail,
        ),
      });
    }
    // The kill comes once the first has been answered: the others are then queued or half done.
    await Promise.race([
      Promise.any(inflight.map(({ status }) => status)),
      new Promise((resolve) => setTimeout(resolve, 2_000)),
    ]);
    const killedAt = Date.now();
    await controlPlane.kill();
    const replies = await Promise.all(
      inflight.map(async ({ name, status }) => ({ name, status: await status })),
    );
    controlPlane = await startControlPlaneChild(dataDir, port);
    const readyAt = Date.now();
    console.log(`control plane SIGKILLed, and listening again ${readyAt - killedAt} ms later`);
    const completed = replies.filter((reply) => typeof reply.status === 'number' && reply.status < 300);
    const broken = replies.filter((reply) => reply.status instanceof Error);
    console.log(
      `in flight at the kill: ${completed.length} completed, ${broken.length} failed with a connection error, ` +
        `${replies.length - completed.length - broken.length} refused`,
    );

    // Each agent says so when it is back: its node.reconnected event.
    const backAt = await eventually(
      'all three agents reconnected',
      async () => {
        const events = await trpcQuery<SwitchyardEvent[]>(dataDir, 'events.list', { limit: 200 });
        const back = new Map<string, number>();
        for (const event of events) {
          const at = Date.parse(event.at);
          if (event.kind === 'node.reconnected' && event.subject !== null && at >= killedAt)
            back.set(event.subject, Math.min(at, back.get(event.subject) ?? at));
        }
        return back.size === 3 ? back : undefined;
      },
      20_000,
    );
    for (const [node, at] of backAt) {
      console.log(`${node} back ${at - readyAt} ms after the restart (${at - killedAt} ms after the kill)`);
    }
    expect(Math.max(...backAt.values()) - readyAt).toBeLessThanOrEqual(5_000);

    // Past the grace and a few reconcile passes: nothing moved meanwhile, nor after.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, readyAt + graceMs + 3_000 - Date.now())));
    const after = await snapshot();
    expect(after.tasks).toEqual(before.tasks);
    expect(after.processes).toEqual(before.processes);
    for (const service of before.services) expect(after.services).toContain(service);
    for (const network of before.networks) expect(after.networks).toContain(network);
    for (const event of before.events) expect(after.events).toContain(event);
    const nodes = await get<{ Description: { Hostname: string }; Status: { State: string } }[]>('/nodes');
    expect(nodes.map((node) => node.Status.State)).toEqual(['ready', 'ready', 'ready']);
    const downs = after.events.filter(
      (event) => / node\.down /.test(event) && !before.events.includes(event),
    );
    expect(downs).toEqual([]);

    // Whatever the calls in flight made is whole: a network with its subnet and VNI, a service with
    // its VIP and published port.
    const networks = await get<
      {
        Name: string;
        IPAM: { Config: { Subnet: string }[] | null };
        Options: Record<string, string> | null;
      }[]
    >('/networks');
    for (const network of networks.filter((n) => n.Name.startsWith('inflight-'))) {
      expect(network.IPAM.Config?.[0]?.Subnet, network.Name).toMatch(/\/\d+$/);
      expect(network.Options?.['com.docker.network.driver.overlay.vxlanid_list'], network.Name).toMatch(
        /^\d+$/,
      );
    }
    const services = await get<
      {
        Spec: { Name: string };
        Endpoint: { VirtualIPs?: { Addr: string }[]; Ports?: { PublishedPort?: number }[] };
      }[]
    >('/services');
    const made = services.filter((s) => s.Spec.Name.startsWith('inflight-'));
    for (const service of made) {
      expect(service.Endpoint.VirtualIPs?.length, service.Spec.Name).toBeGreaterThan(0);
      expect(service.Endpoint.Ports?.[0]?.PublishedPort, service.Spec.Name).toBeGreaterThan(0);
    }
    // A call answered with success made its object.
    const names = new Set([...networks.map((n) => n.Name), ...made.map((s) => s.Spec.Name)]);
    for (const { name } of completed) expect(names, name).toContain(name);
    console.log(
      `objects made by the calls in flight: ${[...names].filter((n) => n.startsWith('inflight-')).length} of ${replies.length}`,
    );
  }, 120_000);
});
