import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { labDown, labUp } from '@switchyard/cli';
import { eventually } from './test-support/cluster.js';
import { engineCall, engineMessage, type EngineReply } from './test-support/engine-http.js';

// Issue 16 item 6: 100 creates of networks, containers and services at once through the Engine API
// on a real 2-host lab. Every call succeeds or is refused with a 4xx naming the conflict, and what
// was made holds no subnet, VNI, address, VIP or published port twice.

const prefix = `cpc${process.pid % 1000}`;
const subnet = '192.168.143.0/24';
let dataDir: string;
let controlPlane: RunningControlPlane;
let dockerHost: string;

const engine = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) =>
  engineCall(dockerHost, method, path, body);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-concurrency-'));
  controlPlane = await startControlPlane({ dataDir, port: 0, dockerTlsListen: 'off' });
  dockerHost = controlPlane.dockerHost ?? '';
  await labUp({ prefix, hosts: 2, subnet, dataDir, quiet: true });
}, 120_000);

afterAll(async () => {
  try {
    const services = (await engine('GET', '/services')).body as { ID: string }[];
    await Promise.all(services.map((service) => engine('DELETE', `/services/${service.ID}`)));
    const containers = (await engine('GET', '/containers/json?all=1')).body as { Id: string }[];
    await Promise.all(containers.map((c) => engine('DELETE', `/containers/${c.Id}?force=1`)));
    const networks = (await engine('GET', '/networks')).body as { Id: string; Name: string }[];
    for (const network of networks) await engine('DELETE', `/networks/${network.Id}`);
  } finally {
    // The lab goes whatever happened above: it would block the next run's subnet.
    await labDown({ prefix, dataDir });
    await controlPlane.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 180_000);

/** Every value seen more than once. */
function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(values.filter((value) => seen.has(value) || !seen.add(value)))];
}

interface Call {
  what: string;
  reply: EngineReply;
  /** When its answer came, from the start of the burst. */
  ms: number;
}

/** `docker run -d`: create, then start what was created. */
async function run(name: string, body: Record<string, unknown>): Promise<EngineReply> {
  const created = await engine('POST', `/containers/create?name=${name}`, body);
  if (created.status !== 201) return created;
  const started = await engine('POST', `/containers/${(created.body as { Id: string }).Id}/start`);
  return started.status === 204 ? created : started;
}

describe('100 parallel creates through the Engine API', () => {
  it('give no duplicate subnet, VNI, address, VIP or published port, and refuse only with a 4xx', async () => {
    expect(
      (
        await engine('POST', '/networks/create', {
          Name: 'shared',
          Driver: 'overlay',
          Attachable: true,
        })
      ).status,
    ).toBe(201);

    const calls: { what: string; call: () => Promise<EngineReply> }[] = [];
    const network = (what: string, body: Record<string, unknown>) =>
      calls.push({ what, call: () => engine('POST', '/networks/create', body) });
    const service = (what: string, body: Record<string, unknown>) =>
      calls.push({ what, call: () => engine('POST', '/services/create', body) });
    // `docker run`: a host port is taken at start.
    const container = (what: string, name: string, body: Record<string, unknown>) =>
      calls.push({ what, call: () => run(name, body) });
    const taskSpec = { ContainerSpec: { Image: 'switchyard/whoami' }, Networks: [{ Target: 'shared' }] };

    for (let i = 0; i < 20; i++) network(`overlay o${i}`, { Name: `o${i}`, Driver: 'overlay' });
    // One subnet asked for five times: one network gets it.
    for (let i = 0; i < 5; i++) {
      network(`overlay fixed${i} on 10.150.0.0/24`, {
        Name: `fixed${i}`,
        Driver: 'overlay',
        IPAM: { Config: [{ Subnet: '10.150.0.0/24' }] },
      });
    }
    for (let i = 0; i < 5; i++) network(`overlay named twin`, { Name: 'twin', Driver: 'overlay' });
    // `docker create`: the address is taken at create; starting thirty sandboxes would time the agents.
    for (let i = 0; i < 30; i++) {
      calls.push({
        what: `container c${i} on shared`,
        call: () =>
          engine('POST', `/containers/create?name=c${i}`, {
            Image: 'switchyard/toolbox',
            HostConfig: { NetworkMode: 'shared' },
          }),
      });
    }
    // Five containers on one host port: at most one per host gets it.
    for (let i = 0; i < 5; i++) {
      container(`container p${i} on host port 18090`, `p${i}`, {
        Image: 'switchyard/whoami',
        ExposedPorts: { '80/tcp': {} },
        HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '18090' }] } },
      });
    }
    for (let i = 0; i < 25; i++) {
      service(`service s${i} on shared, port ${30_100 + i}`, {
        Name: `s${i}`,
        TaskTemplate: taskSpec,
        Mode: { Replicated: { Replicas: 1 } },
        EndpointSpec: { Ports: [{ TargetPort: 80, PublishedPort: 30_100 + i }] },
      });
    }
    // Five services on one published port, and five under one name.
    for (let i = 0; i < 5; i++) {
      service(`service q${i} on port 30090`, {
        Name: `q${i}`,
        TaskTemplate: taskSpec,
        Mode: { Replicated: { Replicas: 0 } },
        EndpointSpec: { Ports: [{ TargetPort: 80, PublishedPort: 30_090 }] },
      });
    }
    for (let i = 0; i < 5; i++) {
      service('service named dup', {
        Name: 'dup',
        TaskTemplate: taskSpec,
        Mode: { Replicated: { Replicas: 0 } },
      });
    }
    expect(calls).toHaveLength(100);

    const started = Date.now();
    const results: Call[] = await Promise.all(
      calls.map(async ({ what, call }) => {
        const reply = await call();
        return { what, reply, ms: Date.now() - started };
      }),
    );
    const elapsed = Date.now() - started;
    for (const kind of ['overlay', 'container c', 'container p', 'service']) {
      const times = results.filter((r) => r.what.startsWith(kind)).map((r) => r.ms);
      console.log(`${kind}: last answered after ${Math.max(...times)} ms`);
    }
    const failed = results.filter((result) => result.reply.status >= 300);
    console.log(
      `100 parallel creates in ${elapsed} ms: ${results.length - failed.length} made, ${failed.length} refused`,
    );
    for (const { what, reply } of failed) console.log(`  ${what}: ${reply.status} ${engineMessage(reply)}`);
    for (const { what, reply } of failed) {
      expect(reply.status, `${what}: ${engineMessage(reply)}`).toBeGreaterThanOrEqual(400);
      expect(reply.status, `${what}: ${engineMessage(reply)}`).toBeLessThan(500);
    }
    const made = (what: string) => results.filter((r) => r.what.startsWith(what) && r.reply.status < 300);
    expect(made('overlay o')).toHaveLength(20);
    expect(made('overlay fixed')).toHaveLength(1);
    expect(made('overlay named twin')).toHaveLength(1);
    expect(made('container c')).toHaveLength(30);
    expect(made('container p').length).toBeLessThanOrEqual(2);
    expect(made('service s')).toHaveLength(25);
    expect(made('service q')).toHaveLength(1);
    expect(made('service named dup')).toHaveLength(1);
    // A refusal names what it collides with.
    for (const { what, reply } of failed) {
      expect(engineMessage(reply), what).toMatch(/already|in use|overlap|taken|allocated|conflict/i);
    }

    // Networks: no subnet or VNI twice.
    const networks = (await engine('GET', '/networks')).body as {
      Name: string;
      Driver: string;
      IPAM: { Config: { Subnet: string }[] | null };
      Options: Record<string, string> | null;
    }[];
    const subnets = networks.flatMap((n) => (n.IPAM.Config ?? []).map((config) => config.Subnet));
    const vnis = networks.flatMap((n) => {
      const vni = n.Options?.['com.docker.network.driver.overlay.vxlanid_list'];
      return vni === undefined ? [] : [vni];
    });
    console.log(`${networks.length} networks, ${subnets.length} subnets, ${vnis.length} VNIs`);
    expect(duplicates(subnets)).toEqual([]);
    expect(duplicates(vnis)).toEqual([]);

    // Every service's task placed: then every address on `shared` (containers, tasks, VIPs) is known.
    await eventually(
      'every task of s0..s24 made',
      async () => {
        const tasks = (await engine('GET', '/tasks')).body as { DesiredState: string; ServiceID: string }[];
        return tasks.filter((task) => task.DesiredState === 'running').length >= 25 ? true : undefined;
      },
      60_000,
    );
    const containers = (await engine('GET', '/containers/json?all=1')).body as { Id: string }[];
    const inspected = await Promise.all(
      containers.map(
        async (c) =>
          (await engine('GET', `/containers/${c.Id}/json`)).body as {
            Name: string;
            NetworkSettings: {
              Networks: Record<string, { IPAddress: string }>;
            };
          },
      ),
    );
    const addresses = inspected.flatMap((c) =>
      Object.entries(c.NetworkSettings.Networks).flatMap(([network, endpoint]) =>
        endpoint.IPAddress === '' ? [] : [`${network} ${endpoint.IPAddress}`],
      ),
    );
    const services = (await engine('GET', '/services')).body as {
      Spec: { Name: string };
      Endpoint: { VirtualIPs?: { NetworkID: string; Addr: string }[]; Ports?: { PublishedPort?: number }[] };
    }[];
    const networkName = new Map(
      ((await engine('GET', '/networks')).body as { Id: string; Name: string }[]).map((n) => [n.Id, n.Name]),
    );
    const vips = services.flatMap((s) =>
      (s.Endpoint.VirtualIPs ?? []).map(
        (vip) => `${networkName.get(vip.NetworkID) ?? vip.NetworkID} ${vip.Addr.split('/')[0] ?? ''}`,
      ),
    );
    console.log(`${containers.length} containers with ${addresses.length} addresses, ${vips.length} VIPs`);
    expect(duplicates([...addresses, ...vips])).toEqual([]);

    const published = services.flatMap((s) =>
      (s.Endpoint.Ports ?? []).flatMap((port) =>
        port.PublishedPort === undefined ? [] : [String(port.PublishedPort)],
      ),
    );
    expect(published).toHaveLength(26);
    expect(duplicates(published)).toEqual([]);
    // The Engine API's container JSON does not name the node: its host ports are read in process.
    const hostPorts = (await controlPlane.services.containers.list({ all: true })).flatMap((view) =>
      view.ports.map((port) => `${view.nodeName} ${port.protocol} ${port.hostPort}`),
    );
    console.log(`host ports: ${hostPorts.join(', ')}`);
    expect(duplicates(hostPorts)).toEqual([]);
  }, 300_000);
});
