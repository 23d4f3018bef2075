import { describe, expect, it } from 'vitest';
import { fixtureModel, twoHosts, type Fixture } from '../../../../test-support/topology/topology-fixture';

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
