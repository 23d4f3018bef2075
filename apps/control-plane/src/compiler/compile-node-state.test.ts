import { describe, expect, it } from 'vitest';
import { desiredStateSchema, imageConfigSchema, type Cidr, type Ipv4 } from '@switchyard/contracts';
import type { Network, SandboxSpec } from '../inventory/rows.js';
import {
  compileNodeState,
  digestDesired,
  nextRevision,
  type NodeFacts,
  type PeerFacts,
  type SandboxFacts,
} from './compile-node-state.js';

const hex = (digit: string) => digit.repeat(64);

function network(id: string, name: string, subnet: string, extra: Partial<Network> = {}): Network {
  const [a, b, c] = subnet.split('.');
  return {
    id,
    name,
    driver: 'bridge',
    scope: 'local',
    nodeId: 'n1',
    predefined: false,
    ipam: [{ subnet: subnet as Cidr, gateway: `${a}.${b}.${c}.1` as Ipv4, auxAddresses: {} }],
    options: {},
    labels: {},
    internal: false,
    attachable: false,
    vni: null,
    configOnly: false,
    configFrom: null,
    ingress: false,
    createdAt: new Date(0),
    ...extra,
  };
}

const bridge = network(hex('b'), 'bridge', '172.17.0.0/16', { predefined: true, nodeId: null });
const front = network(hex('f'), 'front', '172.18.0.0/16');
const back = network(hex('e'), 'back', '172.19.0.0/16', {
  internal: true,
  options: { 'com.docker.network.bridge.name': 'br-back', 'com.docker.network.bridge.enable_icc': 'false' },
});

const spec: SandboxSpec = {
  image: 'switchyard/whoami',
  command: [],
  env: {},
  labels: {},
  restartPolicy: { name: 'no', maximumRetryCount: 0 },
  ports: [],
  publishAll: false,
  expose: [],
  dns: [],
  dnsSearch: [],
  healthCheck: null,
  imageId: null,
  entrypoint: null,
  user: null,
  workingDir: null,
  stopSignal: null,
  stopTimeout: null,
};

interface Join {
  network: Network;
  address: string;
  aliases?: string[];
}

function sandbox(
  digit: string,
  name: string,
  joins: Join[],
  extra: Partial<SandboxFacts> = {},
): SandboxFacts {
  return {
    id: hex(digit),
    name,
    hostname: hex(digit).slice(0, 12),
    networkMode: joins[0]?.network.name ?? 'none',
    spec,
    desiredRunning: true,
    startGeneration: 1,
    endpoints: joins.map((join, index) => ({
      networkId: join.network.id,
      interfaceName: `eth${index}`,
      address: join.address,
      prefixLength: 16,
      mac: '02:42:ac:12:00:02',
      aliases: join.aliases ?? [],
    })),
    ports: [],
    ...extra,
  };
}

function peersOf(sandboxes: SandboxFacts[], nodeId = 'n1', underlay = '192.0.2.11'): PeerFacts[] {
  return sandboxes.flatMap((s) =>
    s.endpoints.map((endpoint) => ({
      networkId: endpoint.networkId,
      sandboxId: s.id,
      name: s.name,
      hostname: s.hostname,
      address: endpoint.address,
      mac: endpoint.mac,
      aliases: endpoint.aliases,
      nodeId,
      underlay,
    })),
  );
}

function facts(
  sandboxes: SandboxFacts[],
  networks = [bridge, front, back],
  remote: PeerFacts[] = [],
): NodeFacts {
  return {
    id: 'n1',
    name: 'node-a',
    underlayAddress: '192.0.2.11',
    networks,
    sandboxes,
    peers: [...peersOf(sandboxes), ...remote],
    services: [],
    ingress: null,
    ingressPeers: [],
    mesh: null,
    meshPeers: [],
    images: [],
    imageConfigs: new Map(),
  };
}

const names = (records: { name: string; address: string }[]) => records.map((r) => `${r.name}=${r.address}`);

describe('compileNodeState', () => {
  it('produces a document the agent accepts, with forwarding on', () => {
    const body = compileNodeState(facts([]));
    const parsed = desiredStateSchema.parse({ ...body, revision: 1 });
    expect(parsed.sysctls['net.ipv4.ip_forward']).toBe('1');
  });

  it('realises the default bridge as docker0 without DNS, and local networks with their options', () => {
    const body = compileNodeState(facts([]));
    expect(body.networks.map((n) => n.name)).toEqual(['bridge', 'back', 'front']);
    expect(body.networks[0]).toMatchObject({
      bridge: {
        interfaceName: 'docker0',
        icc: true,
        masquerade: true,
        mtu: 1500,
        hostBindingIpv4: '0.0.0.0',
      },
      subnets: [{ subnet: '172.17.0.0/16', gateway: '172.17.0.1' }],
      embeddedDns: false,
    });
    expect(body.networks[1]).toMatchObject({
      bridge: { interfaceName: 'br-back', icc: false, internal: true },
      embeddedDns: true,
    });
    expect(body.networks[2]?.bridge?.interfaceName).toBe(`br-${hex('f').slice(0, 12)}`);
  });

  it('gives endpoints in join order, ports to the first address, and a netns per sandbox', () => {
    const web = sandbox('1', 'web', [
      { network: front, address: '172.18.0.2' },
      { network: back, address: '172.19.0.2' },
    ]);
    web.ports = [{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' }];
    const [compiled] = compileNodeState(facts([web])).sandboxes;
    expect(compiled?.netns).toBe(`node-a-sb-${hex('1').slice(0, 12)}`);
    expect(compiled?.endpoints.map((e) => [e.interfaceName, e.address, e.gateway])).toEqual([
      ['eth0', '172.18.0.2', '172.18.0.1'],
      ['eth1', '172.19.0.2', null],
    ]);
    expect(compiled?.ports).toEqual([
      { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp', targetAddress: '172.18.0.2' },
    ]);
  });

  it('scopes DNS records to the networks a sandbox shares, with each peer address on that network', () => {
    const web = sandbox('1', 'web', [
      { network: front, address: '172.18.0.2', aliases: ['www'] },
      { network: back, address: '172.19.0.2' },
    ]);
    const tool = sandbox('2', 'tool', [{ network: front, address: '172.18.0.3' }]);
    const db = sandbox('3', 'db', [{ network: back, address: '172.19.0.3', aliases: ['postgres'] }]);
    const plain = sandbox('4', 'plain', [{ network: bridge, address: '172.17.0.2' }]);
    const body = compileNodeState(facts([web, tool, db, plain]));
    const byName = new Map(body.sandboxes.map((s) => [s.name, s.dns]));

    const toolRecords = names(byName.get('tool')?.records ?? []);
    expect(toolRecords).toContain('web=172.18.0.2');
    expect(toolRecords).toContain('www=172.18.0.2');
    expect(toolRecords).toContain('tool=172.18.0.3');
    // Nothing from `back`, which tool is not on: not db, not web's address there.
    expect(toolRecords.some((r) => r.startsWith('db=') || r.startsWith('postgres='))).toBe(false);
    expect(toolRecords).not.toContain('web=172.19.0.2');

    const dbRecords = names(byName.get('db')?.records ?? []);
    expect(dbRecords).toContain('web=172.19.0.2');
    expect(dbRecords).not.toContain('www=172.19.0.2');
    expect(dbRecords.some((r) => r.startsWith('tool='))).toBe(false);

    const webRecords = names(byName.get('web')?.records ?? []);
    expect(webRecords).toEqual(expect.arrayContaining(['tool=172.18.0.3', 'postgres=172.19.0.3']));
    expect(byName.get('web')?.embedded).toBe(true);

    // The default bridge has no name resolution.
    expect(byName.get('plain')).toEqual({ embedded: false, servers: [], search: [], records: [], srv: [] });
  });

  it('answers hostnames and short ids, and passes --dns and --dns-search on', () => {
    const tool = sandbox('2', 'tool', [{ network: front, address: '172.18.0.3' }], {
      hostname: 'toolbox',
      spec: { ...spec, dns: ['9.9.9.9' as Ipv4], dnsSearch: ['example.org'] },
    });
    const [compiled] = compileNodeState(facts([tool])).sandboxes;
    expect(names(compiled?.dns.records ?? [])).toEqual(
      [`${hex('2').slice(0, 12)}=172.18.0.3`, 'tool=172.18.0.3', 'toolbox=172.18.0.3'].sort(),
    );
    expect(compiled?.dns).toMatchObject({ servers: ['9.9.9.9'], search: ['example.org'] });
  });

  it('gives host mode no netns and none mode no endpoints', () => {
    const host = sandbox('5', 'h', [], { networkMode: 'host' });
    const none = sandbox('6', 'n', [], { networkMode: 'none' });
    const [compiledHost, compiledNone] = compileNodeState(facts([host, none])).sandboxes;
    expect(compiledHost?.netns).toBeNull();
    expect(compiledNone?.netns).toBe(`node-a-sb-${hex('6').slice(0, 12)}`);
    expect(compiledNone?.endpoints).toEqual([]);
    expect(compiledNone?.dns.embedded).toBe(false);
  });

  it('digests equal documents equally regardless of key order', () => {
    const a = {
      protocolVersion: 1 as const,
      nodeId: 'n',
      sysctls: { a: '1', b: '2' },
      networks: [],
      sandboxes: [],
      ingress: null,
      hrm: null,
      images: [],
    };
    const b = {
      protocolVersion: 1 as const,
      nodeId: 'n',
      sysctls: { b: '2', a: '1' },
      networks: [],
      sandboxes: [],
      ingress: null,
      hrm: null,
      images: [],
    };
    expect(digestDesired(a)).toBe(digestDesired(b));
  });

  it('raises the revision only when the document changes', () => {
    const body = compileNodeState(facts([]));
    const first = nextRevision({ revision: 0, digest: '' }, body);
    expect(first.revision).toBe(1);
    expect(nextRevision(first, compileNodeState(facts([])))).toEqual(first);
    const changed = nextRevision(first, compileNodeState(facts([sandbox('1', 'web', [])])));
    expect(changed.revision).toBe(2);
  });
});

describe('compileNodeState: overlay and macvlan', () => {
  const overlay = network(hex('0'), 'ov', '10.0.0.0/24', {
    driver: 'overlay',
    scope: 'swarm',
    nodeId: null,
    vni: 256,
    attachable: true,
  });
  const quiet = network(hex('1'), 'quiet', '10.0.1.0/24', {
    driver: 'overlay',
    scope: 'swarm',
    nodeId: null,
    vni: 257,
    internal: true,
    attachable: true,
  });
  const unused = network(hex('2'), 'unused', '10.0.2.0/24', {
    driver: 'overlay',
    scope: 'swarm',
    nodeId: null,
    vni: 258,
  });
  const gwbridge = network(hex('3'), 'node-a/docker_gwbridge', '172.20.0.0/16', {
    predefined: true,
    options: {
      'com.docker.network.bridge.name': 'docker_gwbridge',
      'com.docker.network.bridge.enable_icc': 'false',
      'com.docker.network.bridge.enable_ip_masquerade': 'true',
    },
  });
  const remote = peersOf(
    [sandbox('9', 'far', [{ network: overlay, address: '10.0.0.9' }])].map((s) => ({
      ...s,
      endpoints: s.endpoints.map((e) => ({ ...e, mac: '02:42:0a:00:00:09' })),
    })),
    'n3',
    '192.0.2.13',
  );
  const local = sandbox('a', 'near', [
    { network: overlay, address: '10.0.0.2' },
    { network: gwbridge, address: '172.20.0.2' },
  ]);

  it('lists a swarm network only on nodes with an endpoint on it, with the other nodes’ endpoints as peers', () => {
    const body = compileNodeState(facts([local], [bridge, gwbridge, overlay, unused], remote));
    expect(body.networks.map((n) => n.name)).toEqual(['bridge', 'docker_gwbridge', 'ov']);
    expect(body.networks[2]).toMatchObject({
      driver: 'overlay',
      embeddedDns: true,
      subnets: [{ subnet: '10.0.0.0/24', gateway: '10.0.0.1' }],
      overlay: {
        vni: 256,
        vxlanPort: 4789,
        mtu: 1450,
        internal: false,
        netns: 'node-a-ov-256',
        localUnderlay: '192.0.2.11',
        // The node's own endpoint (10.0.0.2) is not a peer.
        peers: [{ address: '10.0.0.9', mac: '02:42:0a:00:00:09', underlay: '192.0.2.13' }],
      },
    });
    expect(compileNodeState(facts([], [bridge, overlay], remote)).networks.map((n) => n.name)).toEqual([
      'bridge',
    ]);
    desiredStateSchema.parse({ ...body, revision: 1 });
  });

  it('routes an overlay sandbox out through docker_gwbridge, never through the overlay', () => {
    const body = compileNodeState(facts([local], [bridge, gwbridge, overlay], remote));
    expect(body.networks[1]).toMatchObject({
      name: 'docker_gwbridge',
      embeddedDns: false,
      bridge: { interfaceName: 'docker_gwbridge', icc: false, masquerade: true },
    });
    expect(body.sandboxes[0]?.endpoints.map((e) => [e.interfaceName, e.address, e.gateway])).toEqual([
      ['eth0', '10.0.0.2', null],
      ['eth1', '172.20.0.2', '172.20.0.1'],
    ]);
    expect(body.sandboxes[0]?.dns.records.map((r) => `${r.name}=${r.address}`)).toContain('far=10.0.0.9');
  });

  it('gives an internal overlay sandbox no way out', () => {
    const inside = sandbox('b', 'inside', [{ network: quiet, address: '10.0.1.2' }]);
    const body = compileNodeState(facts([inside], [bridge, gwbridge, quiet]));
    expect(body.networks.find((n) => n.name === 'quiet')?.overlay).toMatchObject({
      internal: true,
      peers: [],
    });
    expect(body.sandboxes[0]?.endpoints.map((e) => e.gateway)).toEqual([null]);
  });

  it('joins every meshed node to the ingress overlay, peering the other hosts, with no DNS on it', () => {
    const ingress = network(hex('6'), 'ingress', '10.0.9.0/24', {
      driver: 'overlay',
      scope: 'swarm',
      nodeId: null,
      vni: 4096,
      ingress: true,
    });
    const mesh = {
      ...facts([], [bridge, ingress]),
      ingress: {
        networkId: ingress.id,
        endpoint: { address: '10.0.9.2', prefixLength: 24, mac: '02:42:0a:00:09:02' },
      },
      ingressPeers: [{ address: '10.0.9.3', mac: '02:42:0a:00:09:03', underlay: '192.0.2.12' }],
    };
    const body = compileNodeState(mesh);
    expect(body.networks.find((n) => n.name === 'ingress')).toMatchObject({
      embeddedDns: false,
      overlay: {
        vni: 4096,
        peers: [{ address: '10.0.9.3', mac: '02:42:0a:00:09:03', underlay: '192.0.2.12' }],
      },
    });
    expect(body.ingress).toMatchObject({
      networkId: ingress.id,
      endpoint: { address: '10.0.9.2' },
      published: [],
    });
    // Without an endpoint of its own the node stays off the mesh.
    expect(compileNodeState(facts([], [bridge, ingress])).networks.map((n) => n.name)).toEqual(['bridge']);
  });

  it('joins a meshed node to each mesh network, peering the other hosts’ legs and the tasks', () => {
    const hrm = network(hex('7'), 'hrm', '10.0.1.0/24', {
      driver: 'overlay',
      scope: 'swarm',
      nodeId: null,
      vni: 256,
      attachable: true,
      labels: { 'com.docker.ucp.mesh.http': 'true' },
    });
    const farTask = peersOf(
      [sandbox('8', 'web.1.x', [{ network: hrm, address: '10.0.1.20' }])],
      'n3',
      '192.0.2.13',
    );
    const meshed: NodeFacts = {
      ...facts([], [bridge, hrm], farTask),
      mesh: {
        httpPort: 80,
        sniPort: 8443,
        links: [
          { networkId: hrm.id, vni: 256, address: '10.0.1.2', prefixLength: 24, mac: '02:42:0a:00:01:02' },
        ],
        routes: [],
      },
      meshPeers: [
        { networkId: hrm.id, address: '10.0.1.3', mac: '02:42:0a:00:01:03', underlay: '192.0.2.12' },
      ],
    };
    const body = compileNodeState(meshed);
    expect(body.networks.find((n) => n.name === 'hrm')?.overlay).toMatchObject({
      vni: 256,
      netns: 'node-a-ov-256',
      peers: [
        { address: '10.0.1.3', mac: '02:42:0a:00:01:03', underlay: '192.0.2.12' },
        { address: '10.0.1.20', mac: '02:42:ac:12:00:02', underlay: '192.0.2.13' },
      ],
    });
    expect(body.hrm).toEqual({
      httpPort: 80,
      sniPort: 8443,
      links: [
        {
          networkId: hrm.id,
          interfaceName: 'hrm-256',
          address: '10.0.1.2',
          prefixLength: 24,
          mac: '02:42:0a:00:01:02',
        },
      ],
      routes: [],
    });
    desiredStateSchema.parse({ ...body, revision: 1 });
    // Without a leg the node stays off the mesh network and runs no proxy.
    const off = compileNodeState(facts([], [bridge, hrm], farTask));
    expect(off.networks.map((n) => n.name)).toEqual(['bridge']);
    expect(off.hrm).toBeNull();
  });

  it('hands a task sandbox its health check', () => {
    const healthCheck = {
      kind: 'tcp' as const,
      port: 80,
      intervalMs: 1_000,
      timeoutMs: 500,
      retries: 2,
      startPeriodMs: 0,
    };
    const task = sandbox('b', 'web.1.x', [{ network: overlay, address: '10.0.0.5' }], {
      spec: { ...spec, healthCheck },
    });
    expect(compileNodeState(facts([task], [bridge, overlay])).sandboxes[0]?.healthCheck).toEqual(healthCheck);
  });

  it('resolves an OCI image workload whole and lists the images of a containerd node', () => {
    const imageId = `sha256:${'c'.repeat(64)}` as const;
    const config = imageConfigSchema.parse({
      env: ['PATH=/bin', 'MODE=image'],
      cmd: ['httpd', '-f'],
      workingDir: '/www',
      stopSignal: 'SIGQUIT',
    });
    const web = sandbox('c', 'web', [{ network: front, address: '172.18.0.9' }], {
      spec: { ...spec, image: 'web:1', imageId, env: { MODE: 'run' }, user: 'nobody' },
    });
    const image = {
      id: imageId,
      references: ['web:1'],
      diffIds: [],
      source: { kind: 'archive' as const, digest: imageId, size: 10 },
    };
    const body = compileNodeState({
      ...facts([web]),
      images: [image],
      imageConfigs: new Map([[imageId, config]]),
    });
    expect(body.images).toEqual([image]);
    expect(body.sandboxes[0]?.workload).toEqual({
      image: 'web:1',
      runtime: 'containerd',
      imageId,
      command: ['httpd', '-f'],
      env: { PATH: '/bin', MODE: 'run' },
      user: 'nobody',
      workingDir: '/www',
      stopSignal: 'SIGQUIT',
      stopTimeoutSeconds: 10,
    });
    desiredStateSchema.parse({ ...body, revision: 1 });
  });

  it('keeps a built-in image on the process runtime, its entrypoint before its command', () => {
    const whoami = sandbox('d', 'who', [{ network: front, address: '172.18.0.10' }], {
      spec: { ...spec, entrypoint: ['whoami'], command: ['--port', '81'], stopTimeout: 3 },
    });
    expect(compileNodeState(facts([whoami])).sandboxes[0]?.workload).toMatchObject({
      runtime: 'process',
      imageId: null,
      command: ['whoami', '--port', '81'],
      stopTimeoutSeconds: 3,
    });
  });

  it('fills the macvlan settings and leaves config-only networks out', () => {
    const mv = network(hex('4'), 'mv', '192.168.99.0/24', {
      driver: 'macvlan',
      options: { parent: 'eth0.10', macvlan_mode: 'private' },
    });
    const cfg = network(hex('5'), 'cfg', '192.168.98.0/24', { driver: 'null', configOnly: true });
    const body = compileNodeState(facts([], [bridge, mv, cfg]));
    expect(body.networks.map((n) => n.name)).toEqual(['bridge', 'mv']);
    expect(body.networks[1]?.macvlan).toEqual({ parent: 'eth0.10', mode: 'private', mtu: null });
    expect(compileNodeState(facts([], [bridge, { ...mv, options: {} }])).networks[1]?.macvlan).toEqual({
      parent: 'eth0',
      mode: 'bridge',
      mtu: null,
    });
  });
});
