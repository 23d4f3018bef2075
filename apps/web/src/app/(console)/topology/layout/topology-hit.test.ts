import { describe, expect, it } from 'vitest';
import { fixtureModel, twoHosts } from '../../../../test-support/topology/topology-fixture';
import { buildHitIndex, distanceToSegment, hitTest } from './topology-hit';
import { layoutTopology } from './topology-layout';
import type { ContainerItem, LinkItem } from './topology-scene';

const { scene } = layoutTopology(fixtureModel(twoHosts), null, { width: 1000, height: 600 });
const index = buildHitIndex(scene.items);
const all = () => true;

describe('hitTest', () => {
  it('finds a container over the host it sits in', () => {
    const web = scene.items.find(
      (item): item is ContainerItem => item.kind === 'container' && item.name === 'web',
    );
    if (!web) throw new Error('no web');
    expect(hitTest(index, { x: web.cx, y: web.cy }, all, 4)?.key).toBe('ctr-web');
    // Its label belongs to it too.
    expect(hitTest(index, { x: web.label.x, y: web.label.y - 3 }, all, 4)?.key).toBe('ctr-web');
  });

  it('finds an endpoint near its line, the host elsewhere inside it, nothing outside', () => {
    const link = scene.items.find((item): item is LinkItem => item.kind === 'link');
    if (!link) throw new Error('no link');
    // Half-way along its bus, between the pills and the grid: an endpoint of that network.
    const [, , corner, turn] = link.points;
    if (!corner || !turn) throw new Error('a bus has five points');
    const hit = hitTest(index, { x: (corner.x + turn.x) / 2, y: corner.y + 1 }, all, 4);
    expect(hit?.kind).toBe('link');
    expect(hit?.ends[1]).toBe(link.ends[1]);
    expect(hitTest(index, { x: -500, y: -5000 }, all, 4)).toBeNull();
  });

  it('skips what the filter hides', () => {
    const web = scene.items.find(
      (item): item is ContainerItem => item.kind === 'container' && item.name === 'web',
    );
    if (!web) throw new Error('no web');
    expect(hitTest(index, { x: web.cx, y: web.cy }, (item) => !item.ends.includes('ctr-web'), 4)?.kind).toBe(
      'host',
    );
  });
});

describe('distanceToSegment', () => {
  it('measures to the nearest point of the segment', () => {
    expect(distanceToSegment({ x: 5, y: 3 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBe(3);
    expect(distanceToSegment({ x: 13, y: 4 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBe(5);
  });
});
