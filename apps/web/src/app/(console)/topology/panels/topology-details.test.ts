import { describe, expect, it } from 'vitest';
import { describe as details } from './topology-details';
import { fixtureModel, twoHosts } from '../../../../test-support/topology/topology-fixture';

const model = fixtureModel(twoHosts);
const facts = (kind: Parameters<typeof details>[0]['kind'], key: string) => {
  const found = details({ kind, key }, model);
  if (!found) throw new Error(`${kind} ${key} not described`);
  return { ...found, byLabel: Object.fromEntries(found.facts.map((fact) => [fact.label, fact.value])) };
};

describe('describe', () => {
  it('a container: state, host, addresses, published ports, labels and its full page', () => {
    const web = facts('container', 'ctr-web');
    expect(web.byLabel).toMatchObject({
      State: 'running',
      Host: 'host1',
      front: expect.stringMatching(/^172\.21\.0\.\d+\/16$/),
      Ports: '0.0.0.0:8080->80/tcp',
      Agent: 'every network ready',
      Labels: 'team=a',
    });
    expect(web.href).toBe('/containers/web');
  });

  it("a task's container names its service and task", () => {
    expect(facts('container', 'ctr-api.1').byLabel.Service).toBe('api (task api.1.x0)');
  });

  it('an overlay: the hosts it spans, its VTEPs and endpoints', () => {
    const overlay = facts('network', 'net-ov');
    expect(overlay.byLabel.Hosts).toBe('host1, host2');
    expect(overlay.byLabel.VIPs).toBe('api 10.0.0.2');
    expect(overlay.lists.find((list) => list.title === 'VTEPs')?.rows.map((row) => row.label)).toEqual([
      'host1',
      'host2',
    ]);
    expect(overlay.lists.find((list) => list.title === 'Endpoints')?.rows).toHaveLength(3);
    expect(overlay.href).toBe('/networks/ov');
  });

  it('a service: replicas, VIP and each task with its host', () => {
    const api = facts('service', 'service:svc-api');
    expect(api.byLabel.Replicas).toBe('2/2 (healthy)');
    expect(api.lists[0]?.rows.map((row) => row.value.split(' · ').slice(0, 2).join(' · '))).toEqual([
      'host1 · running',
      'host2 · running',
    ]);
    expect(api.href).toBe('/services/api');
  });

  it('a VTEP: its overlay, VNI, host and underlay address', () => {
    expect(facts('vtep', 'net-ov@node-host2').byLabel).toMatchObject({
      Overlay: 'ov',
      VNI: '259',
      Host: 'host2',
      Underlay: '192.168.96.12',
    });
  });

  it('a broken object says why first, in red', () => {
    const db = facts('container', 'ctr-db');
    expect(db.facts[0]).toEqual({ label: 'Broken', value: 'exited while meant to run', tone: 'bad' });
    expect(facts('container', 'ctr-web').byLabel.Broken).toBeUndefined();
  });

  it('a host opens the nodes page; something gone is not described', () => {
    expect(facts('host', 'node-host2').byLabel.Containers).toBe('1 running of 2');
    expect(facts('host', 'node-host2').href).toBe('/nodes');
    expect(details({ kind: 'container', key: 'gone' }, model)).toBeNull();
  });
});
