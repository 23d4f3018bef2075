import type { TopoNetwork } from '../model/topology-model';
import { metrics } from './metrics';
import type { Slots } from './topology-slots';
import type { Measure } from './topology-text';

/** A VTEP lane across a host's bottom row: where its badges sit, from the host's inner left. */
export interface VtepLane {
  x: number;
  width: number;
}

export const vtepFont = { size: 9.5, face: 'mono', weight: 600 } as const;

/** The width a badge needs to say `appnet 257` whole, within the widest a badge may be. */
export function vtepWanted(network: Pick<TopoNetwork, 'name' | 'vni'>, measure: Measure): number {
  const text = network.vni === null ? network.name : `${network.name} ${network.vni}`;
  const wanted = measure(text, vtepFont.size, vtepFont.face, vtepFont.weight) + 14;
  return Math.min(metrics.vtepMaxStep, Math.max(metrics.vtepMinStep, wanted));
}

/**
 * Each lane as wide as its overlay's name and VNI want, shrunk alike when they do not all fit in
 * `room` (never under the narrowest badge, then evenly); a lane whose overlay is gone keeps the least.
 * Lanes are the same on every host, so an overlay's badges line up above its band.
 */
export function vtepLanes(
  spans: readonly TopoNetwork[],
  slots: Slots,
  room: number,
  measure: Measure,
): VtepLane[] {
  const count = Math.max(0, ...[...slots.values()].map((slot) => slot + 1));
  const wanted = Array.from({ length: count }, (): number => metrics.vtepMinStep);
  for (const network of spans) {
    const slot = slots.get(network.key);
    if (slot !== undefined) wanted[slot] = vtepWanted(network, measure);
  }
  const sum = (widths: readonly number[]) => widths.reduce((total, width) => total + width, 0);
  const shrunk = (scale: number) => wanted.map((width) => Math.max(metrics.vtepMinStep, width * scale));
  // The largest common scale that fits (the narrowest badges stay at their least).
  let low = 0;
  let high = 1;
  for (let step = 0; step < 30 && sum(wanted) > room; step += 1) {
    const middle = (low + high) / 2;
    if (sum(shrunk(middle)) <= room) low = middle;
    else high = middle;
  }
  const scaled = sum(wanted) <= room ? wanted : shrunk(low);
  const widths = sum(scaled) <= room ? scaled : scaled.map(() => room / count);
  let x = 0;
  return widths.map((width) => {
    const lane = { x, width };
    x += width;
    return lane;
  });
}
