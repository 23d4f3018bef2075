import { describe, expect, it } from 'vitest';
import { fixtureModel, twoHosts } from '../../../../test-support/topology/topology-fixture';
import { metrics } from './metrics';
import { estimate } from './topology-text';
import { vtepLanes, vtepWanted } from './vtep-lanes';

const overlays = (names: string[]) => {
  const model = fixtureModel({
    ...twoHosts,
    networks: [...twoHosts.networks, ...names.map((name) => ({ name, driver: 'overlay' as const }))],
    containers: [{ name: 'x', host: 'host1', networks: ['ov', ...names] }],
  });
  const spans = model.networks.filter((network) => network.hostId === null);
  return { spans, slots: new Map(spans.map((network, slot) => [network.key, slot])) };
};

describe('vtepLanes', () => {
  it('gives each lane the width its name and VNI want, side by side, when they fit', () => {
    const { spans, slots } = overlays(['appnet', 'a-longer-overlay']);
    const lanes = vtepLanes(spans, slots, 1_000, estimate);
    expect(lanes.map((lane) => lane.width)).toEqual(spans.map((network) => vtepWanted(network, estimate)));
    expect(lanes[1]?.x).toBe(lanes[0]?.width);
    expect(lanes[1]?.width).toBeGreaterThan(lanes[0]?.width ?? 0);
  });

  it('shrinks them alike into a narrow row, never under the narrowest badge, never past the row', () => {
    const { spans, slots } = overlays(['appnet', 'a-longer-overlay', 'third-overlay']);
    for (const room of [200, 120]) {
      const lanes = vtepLanes(spans, slots, room, estimate);
      const last = lanes.at(-1);
      console.log(`room ${room}: ${lanes.map((lane) => Math.round(lane.width)).join(', ')}`);
      expect((last?.x ?? 0) + (last?.width ?? 0)).toBeLessThanOrEqual(room + 0.001);
      if (room === 200)
        expect(Math.min(...lanes.map((lane) => lane.width))).toBeGreaterThanOrEqual(metrics.vtepMinStep);
    }
  });
});
