import { describe, expect, it } from 'vitest';
import { fixtureModel, twoHosts } from '../../../../test-support/topology/topology-fixture';
import { visibleKeys } from './topology-filter';
import { buildOutline } from './topology-outline';
import { searchMatches } from './topology-search';

describe('buildOutline', () => {
  const model = fixtureModel(twoHosts);

  it('lists each container under its host with every network it is on, an overlay with its VNI', () => {
    const host1 = buildOutline(model, null).hosts.find((host) => host.row.name === 'host1');
    const tool = host1?.containers.find((row) => row.name === 'tool');
    expect(tool?.attachments.map((attachment) => `${attachment.network} ${attachment.via}`)).toEqual([
      'front bridge',
      'ov overlay VNI 259',
    ]);
    expect(host1?.containers.map((row) => row.name)).toEqual(['api.1', 'tool', 'web']);
    expect(host1?.vteps.map((row) => `${row.name} ${row.detail}`)).toEqual(['ov VNI 259 at 192.168.96.11']);
  });

  it('names a task by its slot, with its service, and marks what is broken', () => {
    const outline = buildOutline(model, null);
    const task = outline.hosts[1]?.containers.find((row) => row.objectName === 'api.2');
    expect([task?.name, task?.detail]).toEqual(['api.2', 'task of api']);
    const db = outline.hosts[1]?.containers.find((row) => row.name === 'db');
    expect([db?.tone, db?.problems]).toEqual(['bad', ['exited while meant to run']]);
  });

  it('keeps to what a search found: a container by its address, a host with all on it', () => {
    const byAddress = buildOutline(model, null, searchMatches(model, '172.23.0.5'));
    expect(byAddress.hosts.map((host) => host.containers.map((row) => row.name))).toEqual([['api.1']]);
    expect(byAddress.services).toEqual([]);
    const byHost = buildOutline(model, null, searchMatches(model, 'host2'));
    expect(byHost.hosts.map((host) => host.containers.length)).toEqual([2]);
  });

  it('keeps to what the filters show', () => {
    const outline = buildOutline(
      model,
      visibleKeys(model, { networks: ['back'], services: [], hosts: [], labels: [] }),
    );
    expect(outline.hosts.map((host) => host.row.name)).toEqual(['host2']);
    expect(outline.hosts[0]?.containers.map((row) => row.name)).toEqual(['db']);
    expect(outline.services).toEqual([]);
  });
});
