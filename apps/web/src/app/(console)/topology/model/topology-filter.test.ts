import { describe, expect, it } from 'vitest';
import { matchesLabels, noFilter, visibleKeys, type TopologyFilter } from './topology-filter';
import { fixtureModel, twoHosts } from '../../../../test-support/topology/topology-fixture';

const model = fixtureModel(twoHosts);
const filter = (partial: Partial<TopologyFilter>): TopologyFilter => ({ ...noFilter, ...partial });
const containersIn = (keys: ReadonlySet<string> | null) =>
  model.containers.filter((container) => keys?.has(container.key)).map((container) => container.name);
const networksIn = (keys: ReadonlySet<string> | null) =>
  [
    ...new Set(model.networks.filter((network) => keys?.has(network.key)).map((network) => network.name)),
  ].toSorted();
const hostsIn = (keys: ReadonlySet<string> | null) =>
  model.hosts.filter((host) => keys?.has(host.id)).map((host) => host.name);

describe('visibleKeys', () => {
  it('shows everything without a filter', () => {
    expect(visibleKeys(model, noFilter)).toBeNull();
  });

  it('by network: its containers, its copies and only the hosts it is on', () => {
    const shown = visibleKeys(model, filter({ networks: ['front'] }));
    expect(containersIn(shown)).toEqual(['web', 'tool']);
    // tool is also on the overlay: its VTEP on host1 and the band stay, as context.
    expect(networksIn(shown)).toEqual(['front', 'ov']);
    expect(hostsIn(shown)).toEqual(['host1']);
  });

  it('by overlay network: every VTEP of it and the services with a VIP there', () => {
    const shown = visibleKeys(model, filter({ networks: ['ov'] }));
    expect(containersIn(shown)).toEqual(['tool', 'api.1', 'api.2']);
    expect(model.vteps.filter((vtep) => shown?.has(vtep.key)).map((vtep) => vtep.hostName)).toEqual([
      'host1',
      'host2',
    ]);
    expect(shown?.has('service:svc-api')).toBe(true);
    expect(hostsIn(shown)).toEqual(['host1', 'host2']);
  });

  it('several values of one kind are alternatives', () => {
    const shown = visibleKeys(model, filter({ networks: ['front', 'back'] }));
    expect(containersIn(shown)).toEqual(['web', 'tool', 'db']);
  });

  it('by service: the service, its tasks and where they are attached', () => {
    const shown = visibleKeys(model, filter({ services: ['api'] }));
    expect(containersIn(shown)).toEqual(['api.1', 'api.2']);
    expect(networksIn(shown)).toEqual(['ov']);
    expect(shown?.has('service:svc-api')).toBe(true);
  });

  it('by host: everything on it', () => {
    const shown = visibleKeys(model, filter({ hosts: ['host2'] }));
    expect(containersIn(shown)).toEqual(['db', 'api.2']);
    expect(hostsIn(shown)).toEqual(['host2']);
    expect(networksIn(shown)).toEqual(['back', 'bridge', 'ov']);
  });

  it('by label: of containers, of a service (its tasks) and of a network (its containers)', () => {
    expect(containersIn(visibleKeys(model, filter({ labels: ['team=a'] })))).toEqual(['web']);
    expect(containersIn(visibleKeys(model, filter({ labels: ['team=b'] })))).toEqual(['api.1', 'api.2']);
    expect(containersIn(visibleKeys(model, filter({ labels: ['team'] })))).toEqual(['web', 'api.1', 'api.2']);
    expect(networksIn(visibleKeys(model, filter({ labels: ['tier=web'] })))).toEqual(['front']);
  });

  it('different kinds must all match', () => {
    const shown = visibleKeys(model, filter({ networks: ['ov'], hosts: ['host2'] }));
    expect(containersIn(shown)).toEqual(['api.2']);
    expect(hostsIn(shown)).toEqual(['host2']);
  });

  it('an unknown name shows nothing', () => {
    expect(visibleKeys(model, filter({ networks: ['nope'] }))?.size).toBe(0);
  });
});

describe('matchesLabels', () => {
  it('matches a key alone or a key and its value', () => {
    expect(matchesLabels({ a: '1' }, ['a'])).toBe(true);
    expect(matchesLabels({ a: '1' }, ['a=1'])).toBe(true);
    expect(matchesLabels({ a: '1' }, ['a=2'])).toBe(false);
    expect(matchesLabels({ a: '' }, ['a='])).toBe(true);
    expect(matchesLabels({}, ['a'])).toBe(false);
  });
});
