import { describe, expect, it } from 'vitest';
import { fixtureData, twoHosts } from '../../../../test-support/topology/topology-fixture';
import { buildTopology } from './topology-model';

describe('buildTopology', () => {
  const model = buildTopology(fixtureData(twoHosts));

  it('draws a local network once, on its host, and the predefined bridge on every host', () => {
    expect(
      model.networks.filter((network) => network.name === 'front').map((network) => network.hostId),
    ).toEqual(['node-host1']);
    expect(model.networks.filter((network) => network.name === 'bridge')).toHaveLength(2);
  });

  it('draws an overlay once, across the hosts of its VTEPs', () => {
    expect(
      model.networks.filter((network) => network.name === 'ov').map((network) => network.hostId),
    ).toEqual([null]);
    expect(model.vteps.filter((vtep) => vtep.networkName === 'ov').map((vtep) => vtep.hostName)).toEqual([
      'host1',
      'host2',
    ]);
  });

  it("attaches a container's overlay endpoint to the VTEP on its host", () => {
    expect(
      model.links.find((link) => link.containerKey === 'ctr-tool' && link.networkName === 'ov')?.networkKey,
    ).toBe('net-ov@node-host1');
  });

  it('knows which containers run tasks, with their service and slot', () => {
    const task = model.containers.find((container) => container.name === 'api.2');
    expect([task?.serviceKey, task?.taskLabel]).toEqual(['service:svc-api', 'api.2']);
    expect(model.taskLinks.map((link) => link.taskName)).toEqual(['api.1.x0', 'api.2.x1']);
  });
});
