import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesiredState, ServiceView } from '@switchyard/contracts';
import type { RunningControlPlane } from '../control-plane.js';
import type { FakeAgent } from '../test-support/fake-agent.js';
import {
  closeTestCluster,
  refusal,
  startTestCluster,
  until,
  type TestCluster,
} from '../test-support/test-cluster.js';

// Services on the real control plane (throwaway SQLite) with three fake agents that report every
// sandbox running as soon as they get it, healthy unless told otherwise.

let cluster: TestCluster;
let controlPlane: RunningControlPlane;
let hosts: FakeAgent[];

beforeAll(async () => {
  cluster = await startTestCluster('services', {
    taskRestartDelayMs: 100,
    // A closed agent is down within 4 s (its node is not marked down at the disconnect itself).
    heartbeatIntervalMs: 500,
    nodeDownAfterMs: 4_000,
  });
  controlPlane = cluster.controlPlane;
  hosts = await Promise.all(
    [1, 2, 3].map((n) =>
      cluster.join(`host-${n}`, ['192.168.99.0/24'], {
        underlayAddress: `192.168.99.1${n}`,
        capabilities: ['nftables', 'vxlan'],
      }),
    ),
  );
  await controlPlane.services.networks.create({ name: 'appnet', driver: 'overlay' }, 'test');
}, 60_000);

afterAll(() => closeTestCluster(cluster));

const services = () => controlPlane.services.services;

const live = (view: ServiceView) => view.tasks.filter((task) => task.desiredState === 'running');
const records = (doc: DesiredState | null, sandbox: string, name: string) =>
  doc?.sandboxes
    .find((s) => s.name === sandbox)
    ?.dns.records.filter((r) => r.name === name)
    .map((r) => r.address)
    .sort() ?? [];

async function converged(name: string, running: number): Promise<ServiceView> {
  return until(async () => {
    const view = await services().get(name);
    return view.running === running && live(view).length === running ? view : undefined;
  });
}

describe('services', () => {
  it('spreads replicas across nodes, with a VIP per network and the published port on every host', async () => {
    const created = await services().create(
      {
        name: 'web',
        image: 'switchyard/whoami',
        replicas: 3,
        networks: [{ network: 'appnet' }],
        ports: [{ targetPort: 80, publishedPort: 8080 }],
      },
      'test',
    );
    expect(created.virtualIps.map((vip) => vip.networkName)).toEqual(['appnet', 'ingress']);
    expect(created.ports).toEqual([
      { protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' },
    ]);
    const web = await converged('web', 3);
    expect(
      live(web)
        .map((task) => task.nodeName)
        .sort(),
    ).toEqual(['host-1', 'host-2', 'host-3']);
    for (const task of live(web))
      expect(task.name).toMatch(new RegExp(`^web\\.${task.slot}\\.[0-9a-z]{25}$`));
    const vip = web.virtualIps.find((v) => v.networkName === 'appnet')?.address ?? '';
    const taskAddresses = live(web)
      .map((task) => task.addresses.find((a) => a.networkName === 'appnet')?.address ?? '')
      .sort();
    // No endpoint ever takes a VIP's address.
    expect(taskAddresses).not.toContain(vip);
    const first = live(web)[0];
    const host = hosts[Number(first?.nodeName?.slice(-1)) - 1] as FakeAgent;
    const doc = await until(() =>
      records(host.desired, first?.name ?? '', 'tasks.web').length === 3 ? host.desired : undefined,
    );
    expect(records(doc, first?.name ?? '', 'web')).toEqual([vip]);
    expect(records(doc, first?.name ?? '', 'tasks.web')).toEqual(taskAddresses);
    const sandbox = doc?.sandboxes.find((s) => s.name === first?.name);
    expect(sandbox?.virtualServices).toEqual([
      { serviceId: web.id, vip, ports: [{ protocol: 'tcp', port: 80 }], backends: taskAddresses },
    ]);
    expect(sandbox?.dns.srv).toEqual([{ name: '_80._tcp.web', target: 'web', port: 80 }]);
    // The mesh: every host has an ingress endpoint and DNATs 8080 to the tasks' ingress addresses.
    for (const each of hosts) {
      const ingress = await until(() =>
        each.desired?.ingress?.published[0]?.backends.length === 3 ? each.desired.ingress : undefined,
      );
      expect(ingress.published[0]).toMatchObject({ serviceId: web.id, publishedPort: 8080, targetPort: 80 });
      const overlay = each.desired?.networks.find((n) => n.id === ingress.networkId)?.overlay;
      // Peers: the two other hosts' mesh endpoints and the two tasks elsewhere.
      expect(overlay?.peers).toHaveLength(4);
    }
  });

  it('refuses a published port another service holds', async () => {
    const error = await refusal(
      services().create(
        { name: 'other', image: 'switchyard/whoami', ports: [{ targetPort: 80, publishedPort: 8080 }] },
        'test',
      ),
    );
    expect(error).toMatchObject({ code: 'CONFLICT', message: 'port 8080 is already in use by service web' });
    expect((await services().list()).map((s) => s.spec.name)).toEqual(['web']);
    const probe = await refusal(
      services().create({ name: 'probe', image: 'switchyard/whoami', healthCheck: { kind: 'tcp' } }, 'test'),
    );
    expect(probe).toMatchObject({ code: 'BAD_REQUEST', field: 'healthCheck.port' });
  });

  it('takes an unhealthy task out of DNS and the VIP backends, fails it and replaces it', async () => {
    await services().create(
      {
        name: 'api',
        image: 'switchyard/whoami',
        replicas: 2,
        networks: [{ network: 'appnet' }],
        healthCheck: { kind: 'http', port: 80, path: '/' },
      },
      'test',
    );
    const api = await converged('api', 2);
    const [sick, well] = live(api);
    const sickHost = hosts[Number(sick?.nodeName?.slice(-1)) - 1] as FakeAgent;
    const address = (task: typeof sick) => task?.addresses.find((a) => a.networkName === 'appnet')?.address;
    const wellAddress = address(well);
    sickHost.unhealthy.add(sick?.name ?? '');
    if (sickHost.desired !== null) sickHost.report(sickHost.desired);
    // Documents name and balance serving tasks only: the well one and the replacement (which may
    // get the sick one's freed address).
    const serving = (d: DesiredState | null) => {
      const web = d?.sandboxes.find((s) => s.name.startsWith('web.'));
      const names = web?.dns.records.filter((r) => r.name === 'tasks.api').map((r) => r.address) ?? [];
      const backends = web?.virtualServices.find((v) => v.serviceId === api.id)?.backends ?? [];
      return { names, backends };
    };
    await until(async () => {
      const view = await services().get('api');
      const failed = view.tasks.find((t) => t.id === sick?.id);
      return failed?.state === 'failed' && failed.error === 'task: container unhealthy' ? true : undefined;
    });
    const replaced = await converged('api', 2);
    const replacement = live(replaced).find((task) => task.slot === sick?.slot);
    expect(replacement?.id).not.toBe(sick?.id);
    const expected = [wellAddress, address(replacement)].sort();
    const doc = await until(() => {
      const d = hosts[0]?.desired ?? null;
      return JSON.stringify(serving(d).names.sort()) === JSON.stringify(expected) ? d : undefined;
    });
    expect(serving(doc).backends.sort()).toEqual(expected);
    await services().remove('api', 'test');
  });

  it('replaces a task that fails in the same slot after the restart delay, keeping a capped history', async () => {
    await services().create({ name: 'broken', image: 'switchyard/whoami', env: { FAIL: '1' } }, 'test');
    const history = await until(async () => {
      const view = await services().get('broken');
      const ended = view.tasks.filter((t) => t.desiredState === 'shutdown');
      return ended.length >= 5 ? ended : undefined;
    }, 10_000);
    expect(history.every((t) => t.slot === 1 && t.state === 'rejected')).toBe(true);
    expect(history[0]?.error).toContain('executable file not found');
    // Replacements go on; the history per slot stays capped.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const later = (await services().get('broken')).tasks.filter((t) => t.desiredState === 'shutdown');
    expect(later).toHaveLength(5);
    expect(later.map((t) => t.id)).not.toEqual(history.map((t) => t.id));
    await services().remove('broken', 'test');
  }, 15_000);

  it('honours the restart policy: no restart, or a limited number of them', async () => {
    const ended = async (name: string) =>
      (await services().get(name)).tasks.filter((t) => t.desiredState === 'shutdown');
    const failing = (name: string, restartPolicy: { name: 'no' | 'on-failure'; maximumRetryCount: number }) =>
      services().create({ name, image: 'switchyard/whoami', env: { FAIL: '1' }, restartPolicy }, 'test');
    await failing('once', { name: 'no', maximumRetryCount: 0 });
    await failing('thrice', { name: 'on-failure', maximumRetryCount: 2 });
    // More attempts than the 5 tasks of history a slot keeps.
    await failing('sevenfold', { name: 'on-failure', maximumRetryCount: 6 });
    const live = async (name: string) =>
      (await services().get(name)).tasks.filter((t) => t.desiredState === 'running');
    await until(async () => ((await ended('once')).length === 1 ? true : undefined));
    await until(async () => ((await ended('thrice')).length === 3 ? true : undefined), 10_000);
    // Given up: no task runs, and the history stays the same well past the restart delay (100 ms),
    // long enough that a restart slowed by a loaded machine is not taken for giving up.
    const settled = async () => {
      const before = (await ended('sevenfold')).map((t) => t.id);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const after = (await ended('sevenfold')).map((t) => t.id);
      const idle = (await live('sevenfold')).length === 0;
      return idle && JSON.stringify(after) === JSON.stringify(before) ? after : undefined;
    };
    const gaveUp = await until(settled, 15_000);
    // Well past the restart delay (100 ms here): nothing more starts.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await ended('once')).toHaveLength(1);
    expect(await ended('thrice')).toHaveLength(3);
    expect((await services().get('once')).running).toBe(0);
    expect(await live('sevenfold')).toEqual([]);
    expect((await ended('sevenfold')).map((t) => t.id)).toEqual(gaveUp);
    expect(gaveUp).toHaveLength(5);
    await services().remove('once', 'test');
    await services().remove('thrice', 'test');
    await services().remove('sevenfold', 'test');
  }, 30_000);

  it('runs a global service once on every ready node', async () => {
    await services().create({ name: 'agent', image: 'switchyard/whoami', mode: 'global' }, 'test');
    const agent = await converged('agent', 3);
    expect(
      live(agent)
        .map((t) => t.nodeName)
        .sort(),
    ).toEqual(['host-1', 'host-2', 'host-3']);
    expect(live(agent).every((t) => t.slot === null && t.name.startsWith(`agent.${t.nodeId}.`))).toBe(true);
    expect((await refusal(services().scale('agent', 2, 'test'))).field).toBe('replicas');
    await services().remove('agent', 'test');
  });

  it('scales up and down, removing the highest slots first, and every host’s DNS follows', async () => {
    const began = performance.now();
    const before = await services().get('web');
    const fivefold = await services().scale('web', 5, 'test');
    // A scale is an update: Docker's Version.Index moves, so an update read before it is refused.
    expect(fivefold.version).toBe(before.version + 1);
    await expect(services().update('web', before.spec, before.version, 'test')).rejects.toThrow(
      /out of sequence/,
    );
    // Every sandbox of web on every host resolves the five tasks and balances over them.
    const everywhere = (count: number) =>
      hosts.every((host) =>
        (host.desired?.sandboxes ?? [])
          .filter((s) => s.name.startsWith('web.'))
          .every(
            (s) =>
              s.dns.records.filter((r) => r.name === 'tasks.web').length === count &&
              s.virtualServices[0]?.backends.length === count,
          ),
      );
    await until(() => (everywhere(5) ? true : undefined));
    const converge = performance.now() - began;
    expect(converge).toBeLessThan(1_000);
    await converged('web', 5);
    const scaled = await services().scale('web', 2, 'test');
    expect(
      live(scaled)
        .map((task) => task.slot)
        .sort(),
    ).toEqual([1, 2]);
    // Drain: the stopped tasks leave every name and backend at once, but their sandboxes stay until
    // every node has applied a document without them (then the linger), not the whole timeout.
    const webSandboxes = () =>
      hosts.flatMap((host) => (host.desired?.sandboxes ?? []).filter((s) => s.name.startsWith('web.')));
    await until(() => (everywhere(2) ? true : undefined));
    const letGo = Date.now();
    expect(webSandboxes()).toHaveLength(5);
    await until(() => (webSandboxes().length === 2 ? true : undefined));
    const held = Date.now() - letGo;
    console.log(`stopped tasks' sandboxes held ${held} ms after every node let go of them`);
    expect(held).toBeLessThan(controlPlane.config.taskDrainMs);
    const after = await converged('web', 2);
    expect(
      after.tasks
        .filter((t) => t.desiredState === 'shutdown')
        .map((t) => t.slot)
        .sort(),
    ).toEqual([3, 4, 5]);
  });

  it('rolls an update over one task at a time and reports the progress', async () => {
    await services().scale('web', 3, 'test');
    await converged('web', 3);
    const current = await services().get('web');
    const updated = await services().update(
      'web',
      { ...current.spec, env: { COLOR: 'blue' } },
      current.version,
      'test',
    );
    expect(updated.version).toBe(current.version + 1);
    const done = await until(async () => {
      const view = await services().get('web');
      return view.updateStatus?.state === 'completed' ? view : undefined;
    });
    expect(done.updateStatus).toMatchObject({ done: 3, total: 3 });
    expect(live(done)).toHaveLength(3);
    const stale = await refusal(services().update('web', { ...current.spec }, current.version, 'test'));
    expect(stale.code).toBe('CONFLICT');
  });

  it('moves tasks away from a drained node and from a node that goes down', async () => {
    await controlPlane.services.registry.update('host-1', { availability: 'drain' }, null, 'test');
    const drained = await until(async () => {
      const view = await services().get('web');
      return view.running === 3 && live(view).every((t) => t.nodeName !== 'host-1') ? view : undefined;
    });
    expect(live(drained)).toHaveLength(3);
    await controlPlane.services.registry.update('host-1', { availability: 'active' }, null, 'test');
    hosts[1]?.socket.close();
    const moved = await until(async () => {
      const view = await services().get('web');
      return view.running === 3 && live(view).every((t) => t.nodeName !== 'host-2') ? view : undefined;
    }, 15_000);
    expect(new Set(live(moved).map((t) => t.nodeName))).toEqual(new Set(['host-1', 'host-3']));
  }, 20_000);

  it('leaves no VIP, port, task or record behind when removed', async () => {
    await services().remove('web', 'test');
    expect(await services().list()).toEqual([]);
    for (const host of [hosts[0], hosts[2]]) {
      await until(() =>
        host?.desired?.sandboxes.length === 0 && host.desired.ingress?.published.length === 0
          ? true
          : undefined,
      );
    }
    // The VIPs and the port are free again.
    await services().create(
      { name: 'again', image: 'switchyard/whoami', ports: [{ targetPort: 80, publishedPort: 8080 }] },
      'test',
    );
    await services().remove('again', 'test');
  });

  it('publishes host-mode ports only where a task runs, as the task sandbox’s own port', async () => {
    await services().create(
      {
        name: 'edge',
        image: 'switchyard/whoami',
        ports: [{ targetPort: 80, publishedPort: 9090, publishMode: 'host' }],
      },
      'test',
    );
    const edge = await converged('edge', 1);
    const task = live(edge)[0];
    const host = hosts[Number(task?.nodeName?.slice(-1)) - 1] as FakeAgent;
    const sandbox = await until(() => host.desired?.sandboxes.find((s) => s.name === task?.name));
    expect(sandbox.ports).toMatchObject([{ hostPort: 9090, containerPort: 80, protocol: 'tcp' }]);
    expect(host.desired?.ingress?.published.some((p) => p.publishedPort === 9090)).toBe(false);
    await services().remove('edge', 'test');
  });

  it('keeps one ingress network: refused while in use or twice, recreated with other options', async () => {
    const networks = controlPlane.services.networks;
    await services().create(
      { name: 'pub', image: 'switchyard/whoami', replicas: 0, ports: [{ targetPort: 80 }] },
      'test',
    );
    expect((await refusal(networks.remove('ingress', 'test'))).message).toBe(
      'network ingress is in use by service pub',
    );
    const twice = await refusal(networks.create({ name: 'mesh', driver: 'overlay', ingress: true }, 'test'));
    expect(twice.field).toBe('ingress');
    await services().remove('pub', 'test');
    await networks.remove('ingress', 'test');
    const mesh = await networks.create(
      { name: 'mesh', driver: 'overlay', ingress: true, ipam: [{ subnet: '10.99.0.0/24' }] },
      'test',
    );
    expect(mesh.ingress).toBe(true);
    const again = await services().create(
      { name: 'pub', image: 'switchyard/whoami', ports: [{ targetPort: 80 }] },
      'test',
    );
    expect(again.virtualIps.map((vip) => vip.networkName)).toEqual(['mesh']);
    // Every ready host gets an endpoint on the new mesh.
    for (const host of [hosts[0], hosts[2]]) {
      await until(() => (host?.desired?.ingress?.networkId === mesh.id ? true : undefined));
      expect(host?.desired?.ingress?.endpoint.address).toMatch(/^10\.99\.0\./);
    }
    await services().remove('pub', 'test');
  });
});
