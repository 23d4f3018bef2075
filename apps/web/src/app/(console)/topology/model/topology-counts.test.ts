import { describe, expect, it } from 'vitest';
import { fixtureData, twoHosts } from '../../../../test-support/topology/topology-fixture';
import { countText, topologyCounts } from './topology-counts';
import { visibleKeys } from './topology-filter';
import { buildTopology } from './topology-model';

describe('topologyCounts', () => {
  const data = fixtureData(twoHosts);
  const model = buildTopology(data);

  it('counts what each list page lists: every network (predefined too), every container (tasks too)', () => {
    const counts = topologyCounts(data, model, null);
    expect(counts.map((count) => [count.href, count.total])).toEqual([
      ['/nodes', data.nodes.length],
      ['/networks', data.networks.length],
      ['/services', data.services.length],
      ['/containers', data.containers.length],
    ]);
    expect(counts.map((count) => countText(count, false))).toEqual([
      '2 hosts',
      '4 networks (1 predefined)',
      '1 service',
      '5 containers (2 tasks)',
    ]);
  });

  it('with a filter, says how many of the listed ones the map shows', () => {
    const shown = visibleKeys(model, { networks: [], services: [], hosts: ['host2'], labels: [] });
    const counts = topologyCounts(data, model, shown);
    expect(counts.map((count) => countText(count, true))).toEqual([
      '1 of 2 hosts',
      '3 of 4 networks (1 predefined)',
      '1 of 1 service',
      '2 of 5 containers (2 tasks)',
    ]);
  });
});
