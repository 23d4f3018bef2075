import type { PathBreak, PathSubject } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import {
  fixtureData,
  fixtureModel,
  twoHosts,
  type Fixture,
} from '../../../../test-support/topology/topology-fixture';
import { buildTopology } from './topology-model';

const broken: Fixture = {
  ...twoHosts,
  services: [
    {
      name: 'api',
      networks: ['ov'],
      tasks: ['api.1', 'api.2'],
      taskStates: { 'api.2': { health: 'unhealthy', message: 'probe http 80 /health: 503' } },
    },
  ],
  conditions: {
    host1: [
      { object: 'network/{network:ov}/peers', ready: false, message: 'fdb entry for 192.168.96.12 missing' },
      { object: 'network/{network:front}', ready: false, message: 'bridge br-front is down' },
      { object: 'sandbox/{container:tool}', ready: false, message: 'veth eth1 not ready' },
      { object: 'loadbalancer/web', ready: false, message: 'chain svc-1 had 0 of 1 rule' },
      { object: 'sysctl/net.ipv4.ip_forward', ready: false, message: 'is 0, want 1' },
      { object: 'network/{network:bridge}', ready: true },
    ],
  },
};

describe('broken objects', () => {
  const model = fixtureModel(broken);
  const problemsOf = (key: string) =>
    [...model.hosts, ...model.networks, ...model.vteps, ...model.containers].find(
      (object) => ('key' in object ? object.key : object.id) === key,
    )?.problems;

  it("puts an overlay's failing condition on its VTEP on that host, and on its band naming the host", () => {
    expect(problemsOf('net-ov@node-host1')).toEqual([
      'network/net-ov/peers: fdb entry for 192.168.96.12 missing',
    ]);
    expect(problemsOf('net-ov@node-host2')).toEqual([]);
    expect(problemsOf('net-ov')).toEqual([
      'host1: network/net-ov/peers: fdb entry for 192.168.96.12 missing',
    ]);
  });

  it('puts a local network, sandbox and load balancer condition on the network and containers', () => {
    expect(problemsOf('net-front')).toEqual(['network/net-front: bridge br-front is down']);
    expect(problemsOf('ctr-tool')).toEqual(['sandbox/ctr-tool: veth eth1 not ready']);
    expect(problemsOf('ctr-web')).toEqual(['loadbalancer/web: chain svc-1 had 0 of 1 rule']);
  });

  it('puts a condition about no drawn object on its host, and ignores ready ones', () => {
    expect(problemsOf('node-host1')).toEqual(['sysctl/net.ipv4.ip_forward: is 0, want 1']);
    expect(problemsOf('node-host2')).toEqual([]);
    expect(problemsOf('net-bridge@node-host1')).toEqual([]);
  });

  it('marks an unhealthy task and a container that exited while meant to run', () => {
    expect(problemsOf('ctr-api.2')).toEqual(['task api.2.x1 is unhealthy: probe http 80 /health: 503']);
    expect(problemsOf('ctr-db')).toEqual(['exited while meant to run']);
    expect(problemsOf('ctr-api.1')).toEqual([]);
  });

  it('leaves a starting task unmarked: it is on its way, not broken', () => {
    const starting = fixtureModel({
      ...broken,
      services: [
        { name: 'api', networks: ['ov'], tasks: ['api.1'], taskStates: { 'api.1': { state: 'starting' } } },
      ],
    });
    expect(starting.containers.find((container) => container.key === 'ctr-api.1')?.problems).toEqual([]);
  });
});

describe('what a path check found broken', () => {
  // 01:23 on the viewer's clock, whatever its time zone.
  const checkedAt = new Date(2026, 11, 8, 1, 23).toISOString();
  const found = (subject: PathSubject, message: string): PathBreak => ({
    path: 'tool → api:80',
    checkedAt,
    title: 'step',
    message,
    subject,
  });
  const host1 = { id: 'node-host1', name: 'host1' };
  const model = buildTopology({
    ...fixtureData(twoHosts),
    breaks: [
      found(
        { kind: 'task', id: 'ctr-api.2', name: 'api.2', node: { id: 'node-host2', name: 'host2' } },
        'task api.2 is exited',
      ),
      found(
        { kind: 'network', id: 'net-ov', name: 'ov', node: host1 },
        'sy-host1: the overlay ov (vx-4097) has no FDB entry for 02:42:0a:00:02:04',
      ),
      found({ kind: 'node', id: 'node-host2', name: 'host2' }, 'host2: the host namespace: ip_forward is 0'),
      found({ kind: 'service', id: 'svc-api', name: 'api' }, 'api does not listen on port 81'),
      found({ kind: 'container', id: 'ctr-gone', name: 'gone', node: host1 }, 'gone is exited'),
    ],
  });
  const problemsOf = (key: string) =>
    [...model.hosts, ...model.networks, ...model.vteps, ...model.containers, ...model.services].find(
      (object) => ('key' in object ? object.key : object.id) === key,
    )?.problems;

  it('marks the task, the overlay on that host, the host and the service, saying when and what', () => {
    expect(problemsOf('ctr-api.2')).toEqual(['path check at 01:23: task api.2 is exited']);
    expect(problemsOf('net-ov@node-host1')).toEqual([
      'path check at 01:23: sy-host1: the overlay ov (vx-4097) has no FDB entry for 02:42:0a:00:02:04',
    ]);
    expect(problemsOf('net-ov@node-host2')).toEqual([]);
    expect(problemsOf('node-host2')).toEqual([
      'path check at 01:23: host2: the host namespace: ip_forward is 0',
    ]);
    expect(problemsOf('service:svc-api')).toEqual(['path check at 01:23: api does not listen on port 81']);
  });

  it('puts an object the map does not draw on its host, and marks nothing without breaks', () => {
    expect(problemsOf('node-host1')).toEqual(['path check at 01:23: gone is exited']);
    expect(fixtureModel(twoHosts).services.every((service) => service.problems.length === 0)).toBe(true);
    expect(fixtureModel(twoHosts).hosts.every((host) => host.problems.length === 0)).toBe(true);
  });
});
