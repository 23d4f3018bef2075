import {
  containerViewSchema,
  networkViewSchema,
  nodeViewSchema,
  serviceViewSchema,
  type ContainerView,
  type NetworkView,
  type NodeView,
  type ServiceView,
  type TaskView,
} from '@switchyard/contracts';
import {
  buildTopology,
  type TopologyData,
  type TopologyModel,
} from '../../app/(console)/topology/model/topology-model';

// A small cluster described tersely, turned into the views the control plane sends (parsed by their
// schemas, so the fixture stays what the API really returns): for the unit tests of the pure parts.

export interface FixtureNetwork {
  name: string;
  driver?: NetworkView['driver'];
  /** Local networks: the host they live on. */
  host?: string;
  subnet?: string;
  labels?: Record<string, string>;
  predefined?: boolean;
  parent?: string;
}

export interface FixtureContainer {
  name: string;
  host: string;
  networks: string[];
  status?: ContainerView['status'];
  labels?: Record<string, string>;
  ports?: { hostPort: number; containerPort: number }[];
}

export interface FixtureService {
  name: string;
  networks: string[];
  /** Its tasks: container name for each. */
  tasks: string[];
  labels?: Record<string, string>;
  /** A task's state and health other than running and none, by its container's name. */
  taskStates?: Record<string, { state?: TaskView['state']; health?: TaskView['health']; message?: string }>;
}

export interface Fixture {
  hosts: string[];
  networks: FixtureNetwork[];
  containers: FixtureContainer[];
  services?: FixtureService[];
  /**
   * Conditions each host's agent reports, by host name, with object keys as agents name them;
   * `{network:ov}` and `{container:web}` stand for that object's id (`network/{network:ov}/peers`).
   */
  conditions?: Record<string, { object: string; ready: boolean; message?: string }[]>;
}

const at = '2026-01-01T00:00:00.000Z';
const nodeId = (name: string) => `node-${name}`;
const networkId = (name: string) => `net-${name}`;
const containerId = (name: string) => `ctr-${name}`;

function node(name: string, index: number, fixture: Fixture): NodeView {
  return nodeViewSchema.parse({
    id: nodeId(name),
    name,
    underlayAddress: `192.168.96.${11 + index}`,
    status: 'ready',
    capabilities: ['nftables', 'vxlan'],
    agentVersion: 'test',
    kernelVersion: '6.0',
    lastHeartbeatAt: at,
    joinedAt: at,
    desiredRevision: 1,
    observedRevision: 1,
    conditions: (fixture.conditions?.[name] ?? []).map((condition) => ({
      ...condition,
      object: condition.object.replace(/\{(\w+):([^}]+)\}/g, (_, kind: string, value: string) =>
        kind === 'network' ? networkId(value) : containerId(value),
      ),
    })),
  });
}

function network(spec: FixtureNetwork, index: number, fixture: Fixture): NetworkView {
  const driver = spec.driver ?? 'bridge';
  const subnet = spec.subnet ?? `172.${20 + index}.0.0/16`;
  const members = fixture.containers.filter((container) => container.networks.includes(spec.name));
  const spanned = [...new Set(members.map((container) => container.host))];
  return networkViewSchema.parse({
    id: networkId(spec.name),
    name: spec.name,
    driver,
    scope: driver === 'overlay' ? 'swarm' : 'local',
    nodeId: spec.host === undefined ? null : nodeId(spec.host),
    nodeName: spec.host ?? null,
    ipam: [{ subnet, gateway: subnet.replace(/0\/\d+$/, '1'), auxAddresses: {} }],
    internal: false,
    attachable: true,
    predefined: spec.predefined ?? false,
    options: spec.parent === undefined ? {} : { parent: spec.parent },
    labels: spec.labels ?? {},
    vni: driver === 'overlay' ? 256 + index : null,
    configOnly: false,
    configFrom: null,
    peers:
      driver === 'overlay'
        ? spanned.map((host) => ({ nodeId: nodeId(host), nodeName: host, address: 'x' }))
        : [],
    createdAt: at,
    containers: [],
    realisation: (driver === 'overlay' ? spanned : spec.host === undefined ? fixture.hosts : [spec.host]).map(
      (host) => ({
        nodeId: nodeId(host),
        nodeName: host,
        ready: true,
        message: null,
      }),
    ),
  });
}

function container(spec: FixtureContainer, index: number, fixture: Fixture): ContainerView {
  return containerViewSchema.parse({
    id: containerId(spec.name),
    name: spec.name,
    image: 'switchyard/whoami',
    command: [],
    env: {},
    labels: spec.labels ?? {},
    hostname: spec.name.slice(0, 12),
    createdAt: at,
    nodeId: nodeId(spec.host),
    nodeName: spec.host,
    netns: null,
    networkMode: 'default',
    desiredRunning: true,
    status: spec.status ?? 'running',
    pid: null,
    exitCode: null,
    startedAt: null,
    finishedAt: null,
    restartCount: 0,
    restartPolicy: { name: 'no', maximumRetryCount: 0 },
    error: null,
    ports: (spec.ports ?? []).map((port) => ({ hostIp: '0.0.0.0', ...port, protocol: 'tcp' })),
    exposedPorts: [],
    dns: [],
    dnsSearch: [],
    networks: spec.networks.map((name) => {
      const position = fixture.networks.findIndex((candidate) => candidate.name === name);
      return {
        networkId: networkId(name),
        networkName: name,
        endpointId: `ep-${spec.name}-${name}`,
        aliases: [],
        ipv4Address: `172.${20 + position}.0.${index + 2}`,
        prefixLength: 16,
        gateway: null,
        mac: null,
      };
    }),
  });
}

function service(spec: FixtureService, fixture: Fixture): ServiceView {
  return serviceViewSchema.parse({
    id: `svc-${spec.name}`,
    version: 1,
    spec: {
      name: spec.name,
      image: 'switchyard/whoami',
      labels: spec.labels ?? {},
      replicas: spec.tasks.length,
    },
    createdAt: at,
    updatedAt: at,
    virtualIps: spec.networks.map((name, index) => ({
      networkId: networkId(name),
      networkName: name,
      address: `10.0.${index}.2`,
    })),
    ports: [],
    running: spec.tasks.length,
    desired: spec.tasks.length,
    updateStatus: null,
    tasks: spec.tasks.map((name, slot) => ({
      id: `task-${name}`,
      name: `${spec.name}.${slot + 1}.x${slot}`,
      serviceId: `svc-${spec.name}`,
      slot: slot + 1,
      nodeId: nodeId(fixture.containers.find((candidate) => candidate.name === name)?.host ?? ''),
      nodeName: null,
      desiredState: 'running',
      state: spec.taskStates?.[name]?.state ?? 'running',
      health: spec.taskStates?.[name]?.health ?? null,
      message: spec.taskStates?.[name]?.message ?? '',
      error: null,
      containerId: containerId(name),
      addresses: [],
      createdAt: at,
      updatedAt: at,
    })),
  });
}

export function fixtureData(fixture: Fixture): TopologyData {
  return {
    nodes: fixture.hosts.map((name, index) => node(name, index, fixture)),
    networks: fixture.networks.map((spec, index) => network(spec, index, fixture)),
    containers: fixture.containers.map((spec, index) => container(spec, index, fixture)),
    services: (fixture.services ?? []).map((spec) => service(spec, fixture)),
    routes: [],
  };
}

export const fixtureModel = (fixture: Fixture): TopologyModel => buildTopology(fixtureData(fixture));

/** Two hosts: a bridge on each, an overlay across both, a service with a task on each. */
export const twoHosts: Fixture = {
  hosts: ['host1', 'host2'],
  networks: [
    { name: 'bridge', predefined: true },
    { name: 'front', host: 'host1', labels: { tier: 'web' } },
    { name: 'back', host: 'host2' },
    { name: 'ov', driver: 'overlay' },
  ],
  containers: [
    {
      name: 'web',
      host: 'host1',
      networks: ['front'],
      labels: { team: 'a' },
      ports: [{ hostPort: 8080, containerPort: 80 }],
    },
    { name: 'tool', host: 'host1', networks: ['front', 'ov'] },
    { name: 'db', host: 'host2', networks: ['back'], status: 'exited' },
    { name: 'api.1', host: 'host1', networks: ['ov'] },
    { name: 'api.2', host: 'host2', networks: ['ov'] },
  ],
  services: [{ name: 'api', networks: ['ov'], tasks: ['api.1', 'api.2'], labels: { team: 'b' } }],
};
