import { describe, expect, it } from 'vitest';
import { changedKeys, enteredKeys, isShown, itemState, keepUnchanged, leftItems } from './topology-emphasis';
import { fixtureModel, twoHosts, type Fixture } from '../../../../test-support/topology/topology-fixture';
import { layoutTopology } from './topology-layout';
import type { SceneItem } from './topology-scene';

const viewport = { width: 1000, height: 600 };
const first = layoutTopology(fixtureModel(twoHosts), null, viewport);
const find = (items: readonly SceneItem[], key: string) =>
  items.find((item) => item.key === key) ?? expect.fail(key);

describe('emphasis', () => {
  it('shows an edge only while both its ends are shown', () => {
    const link = find(first.scene.items, 'ctr-web>net-front');
    expect(isShown(link, null)).toBe(true);
    expect(isShown(link, new Set(['ctr-web', 'net-front']))).toBe(true);
    expect(isShown(link, new Set(['ctr-web']))).toBe(false);
  });

  it('lights the hovered object and its edges, fades what a search did not find', () => {
    const web = find(first.scene.items, 'ctr-web');
    const link = find(first.scene.items, 'ctr-web>net-front');
    const db = find(first.scene.items, 'ctr-db');
    const hovered = { shown: null, matches: null, focus: new Set(['ctr-web']) };
    expect([itemState(web, hovered), itemState(link, hovered), itemState(db, hovered)]).toEqual([
      'focus',
      'focus',
      'normal',
    ]);
    const searched = { shown: null, matches: new Set(['ctr-web']), focus: new Set<string>() };
    expect([itemState(web, searched), itemState(link, searched), itemState(db, searched)]).toEqual([
      'match',
      'normal',
      'dim',
    ]);
  });
});

describe('scene changes', () => {
  const changed: Fixture = {
    ...twoHosts,
    containers: [
      ...twoHosts.containers.filter((container) => container.name !== 'db' && container.name !== 'web'),
      {
        name: 'web',
        host: 'host1',
        networks: ['front'],
        status: 'exited',
        labels: { team: 'a' },
        ports: [{ hostPort: 8080, containerPort: 80 }],
      },
      { name: 'new', host: 'host1', networks: ['front'] },
    ],
  };
  const next = layoutTopology(fixtureModel(changed), first.memory, viewport);
  const items = keepUnchanged(first.scene.items, next.scene.items);

  it('keeps the objects of unchanged items, so painters skip them', () => {
    expect(find(items, 'ctr-tool')).toBe(find(first.scene.items, 'ctr-tool'));
    expect(find(items, 'ctr-web')).not.toBe(find(first.scene.items, 'ctr-web'));
  });

  it('tells what came, what went and what changed its look', () => {
    expect([...enteredKeys(first.scene.items, items)]).toContain('ctr-new');
    expect(leftItems(first.scene.items, items).map((item) => item.key)).toContain('ctr-db');
    expect([...changedKeys(first.scene.items, items)]).toEqual(['ctr-web']);
    expect(enteredKeys(null, items).size).toBe(0);
  });
});
