import { describe, expect, it } from 'vitest';
import { fixtureModel, twoHosts } from '../../../../test-support/topology/topology-fixture';
import { searchMatches } from './topology-search';

const model = fixtureModel(twoHosts);

describe('searchMatches', () => {
  it('finds nothing for an empty query', () => {
    expect(searchMatches(model, '  ').size).toBe(0);
  });

  it('finds by part of a name, whatever the case', () => {
    expect([...searchMatches(model, 'WE')]).toEqual(['ctr-web']);
  });

  it('finds a container by its address and a network by its subnet', () => {
    const web = model.links.find((link) => link.containerName === 'web')?.address?.split('/')[0] ?? '';
    expect([...searchMatches(model, web)]).toEqual(['ctr-web']);
    expect([...searchMatches(model, '172.21.')]).toContain('net-front');
  });

  it('finds a container by its published port, a host by its underlay, a service by its VIP', () => {
    expect([...searchMatches(model, ':8080')]).toEqual(['ctr-web']);
    expect([...searchMatches(model, '192.168.96.12')]).toEqual(['node-host2']);
    expect([...searchMatches(model, '10.0.0.2')]).toEqual(['service:svc-api']);
  });

  it('finds an overlay by name: its band, every VTEP and the service with a VIP on it', () => {
    expect([...searchMatches(model, 'ov')].toSorted()).toEqual([
      'net-ov',
      'net-ov@node-host1',
      'net-ov@node-host2',
      'service:svc-api',
    ]);
  });
});
