/**
 * The topology benchmark's cluster: the real control plane with stand-in agents (they join over the
 * real agent channel and answer every desired document as a real agent reports), filled through the
 * service layer the API calls. No kernel is touched, so it needs no root and no lab.
 */
import { readLocalCredentials, startControlPlane, type RunningControlPlane } from '@switchyard/control-plane';
import { FakeAgent } from '../../apps/control-plane/src/test-support/fake-agent.js';

export interface BenchCluster {
  controlPlane: RunningControlPlane;
  agents: FakeAgent[];
  hosts: string[];
  close(): Promise<void>;
}

const actor = 'bench';
const image = 'switchyard/whoami';

export async function startBenchCluster(options: {
  dataDir: string;
  port: number;
  hosts: number;
  adminPassword: string;
}): Promise<BenchCluster> {
  process.env.SWITCHYARD_ADMIN_PASSWORD = options.adminPassword;
  const controlPlane = await startControlPlane({
    dataDir: options.dataDir,
    port: options.port,
    host: '127.0.0.1',
    dockerApiListen: 'off',
    dockerTlsListen: 'off',
  });
  const token = readLocalCredentials(options.dataDir)?.joinToken ?? '';
  const hosts = Array.from(
    { length: options.hosts },
    (_, index) => `bench-host${String(index + 1).padStart(2, '0')}`,
  );
  const agents = await Promise.all(
    hosts.map((name, index) =>
      FakeAgent.join(controlPlane.url, token, name, ['10.99.0.0/24'], {
        underlayAddress: `10.99.0.${index + 11}`,
        capabilities: ['nftables', 'vxlan', 'macvlan', '8021q'],
      }),
    ),
  );
  await Promise.all(agents.map((agent) => agent.ready()));
  return {
    controlPlane,
    agents,
    hosts,
    async close() {
      for (const agent of agents) agent.socket.close();
      await controlPlane.close();
    },
  };
}

/**
 * Starts a container, again if its wait timed out: pushes to one node from several requests at once
 * (an overlay's peers are told of every endpoint) can leave a start's wait without its report.
 */
export async function startPatiently(cluster: BenchCluster, name: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await cluster.controlPlane.services.containers.start(name, actor);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

export interface Population {
  /** Standalone containers (the services' tasks come on top). */
  containers: string[];
  bridges: string[];
  overlays: string[];
}

const tiers = ['front', 'back', 'batch'] as const;

/**
 * About 20 networks (a bridge per host, overlays, two macvlans, an internal bridge), three services
 * with 40 tasks and an HRM route, and standalone containers up to `total` containers in all.
 */
export async function populate(cluster: BenchCluster, total: number): Promise<Population> {
  const { networks, containers, services, routes } = cluster.controlPlane.services;
  const bridges = cluster.hosts.map((_, index) => `net-${index + 1}`);
  const overlays = Array.from({ length: 6 }, (_, index) => `ov-${index + 1}`);
  for (const [index, host] of cluster.hosts.entries()) {
    await networks.create(
      {
        name: bridges[index] ?? '',
        driver: 'bridge',
        labels: { 'com.switchyard.node': host, tier: tiers[index % 3] ?? 'front' },
      },
      actor,
    );
  }
  for (const name of overlays) await networks.create({ name, driver: 'overlay', attachable: true }, actor);
  for (const [index, host] of cluster.hosts.slice(0, 2).entries()) {
    await networks.create(
      {
        name: `mac-${index + 1}`,
        driver: 'macvlan',
        ipam: [{ subnet: '10.99.0.0/24', gateway: '10.99.0.1', ipRange: `10.99.0.${128 + index * 32}/27` }],
        options: { parent: 'eth0' },
        labels: { 'com.switchyard.node': host },
      },
      actor,
    );
  }
  await networks.create(
    {
      name: 'backplane',
      driver: 'bridge',
      internal: true,
      labels: { 'com.switchyard.node': cluster.hosts[2] ?? '' },
    },
    actor,
  );

  const serviceSpecs = [
    {
      name: 'web',
      replicas: 20,
      networks: [{ network: 'ov-1' }, { network: 'hrm' }],
      ports: [{ targetPort: 80, publishedPort: 8080 }],
    },
    {
      name: 'api',
      replicas: 10,
      networks: [{ network: 'ov-2' }],
      ports: [{ targetPort: 80, publishedPort: 8081 }],
    },
    { name: 'cache', replicas: 10, networks: [{ network: 'ov-3' }], ports: [] },
  ];
  for (const spec of serviceSpecs)
    await services.create({ ...spec, image, labels: { tier: 'front' } }, actor);
  await routes.create({ hostname: 'web.example.com', service: 'web', internalPort: 80 }, actor);
  const tasks = serviceSpecs.reduce((sum, spec) => sum + spec.replicas, 0);

  const names = Array.from(
    { length: Math.max(0, total - tasks) },
    (_, index) => `c-${String(index + 1).padStart(3, '0')}`,
  );
  const hostOf = (index: number) => index % cluster.hosts.length;
  // One worker per host: starts on one node one at a time, every node at once.
  await Promise.all(
    cluster.hosts.map(async (_, hostIndex) => {
      for (const [index, name] of names.entries()) {
        if (hostOf(index) !== hostIndex) continue;
        const attached = [
          { network: bridges[hostIndex] ?? '' },
          ...(index % 3 === 0 ? [{ network: overlays[index % overlays.length] ?? '' }] : []),
          ...(hostIndex < 2 && index % 20 === 0 ? [{ network: `mac-${hostIndex + 1}` }] : []),
        ];
        await containers.create(
          {
            name,
            image,
            networks: attached,
            ports:
              index % 25 === 0
                ? [{ hostIp: null, hostPort: 20_000 + index, containerPort: 80, protocol: 'tcp' }]
                : [],
            labels: { tier: tiers[index % 3] ?? 'front' },
          },
          actor,
        );
        await startPatiently(cluster, name);
      }
    }),
  );
  // The tasks are placed and started by the reconciler: wait until every replica runs.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const listed = await services.list();
    if (listed.every((service) => service.running === service.desired)) break;
    if (Date.now() > deadline) throw new Error('the services did not reach their replicas within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { containers: names, bridges, overlays };
}
