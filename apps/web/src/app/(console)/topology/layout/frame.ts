import type { Box, Label, Point } from './topology-scene';
import { hostWidth, metrics } from './metrics';
import type { LayoutMemory } from './placement';
import { fitText, type Measure } from './topology-text';
import type { VtepLane } from './vtep-lanes';

/** The sizes every item's place is worked out from, fixed for one layout pass. */
export interface Frame {
  memory: LayoutMemory;
  measure: Measure;
  /** One host's width and height: every host has the same. */
  width: number;
  height: number;
  /** All the hosts side by side. */
  span: number;
  /** The VTEP lanes of every host's bottom row, by lane slot. */
  vtepLanes: readonly VtepLane[];
}

type LabelStyle = Partial<Omit<Label, 'x' | 'y' | 'text'>>;

export const label = (x: number, y: number, text: string, style: LabelStyle = {}): Label => ({
  x,
  y,
  text,
  anchor: 'start',
  size: 11,
  face: 'sans',
  weight: 400,
  tone: 'text',
  halo: null,
  ...style,
});

/** A label cut to `room` as the frame measures text. */
export function fitted(
  frame: Frame,
  x: number,
  y: number,
  text: string,
  room: number,
  style: LabelStyle = {},
): Label {
  const base = label(x, y, text, style);
  return { ...base, text: fitText(text, room, base.size, base.face, frame.measure, base.weight) };
}

export const hostX = (frame: Frame, host: string) =>
  (frame.memory.hosts.get(host) ?? 0) * (hostWidth(frame.memory.columns) + metrics.hostGap);

export function cellOrigin(frame: Frame, hostId: string, slot: number, top: number, height: number): Point {
  const { columns } = frame.memory;
  return {
    x: hostX(frame, hostId) + metrics.hostPadding + (slot % columns) * metrics.cellWidth,
    y: top + Math.floor(slot / columns) * height,
  };
}

/** The local networks' buses run between the pills and the grid, one lane per rail slot. */
const busLanes = (frame: Frame) => frame.memory.railRows * frame.memory.columns;
const railBusHeight = (frame: Frame) => 6 + busLanes(frame) * metrics.busGap;
const railBottom = (frame: Frame) => metrics.headerHeight + frame.memory.railRows * metrics.railHeight;
export const gridTop = (frame: Frame) => railBottom(frame) + railBusHeight(frame);
export const gridBottom = (frame: Frame) => gridTop(frame) + frame.memory.gridRows * metrics.cellHeight;
export const vtepY = (frame: Frame) => frame.height - metrics.vtepRowHeight / 2;

export function vtepX(frame: Frame, hostId: string, lane: number): number {
  const at = frame.vtepLanes[lane] ?? { x: 0, width: metrics.vtepMinStep };
  return hostX(frame, hostId) + metrics.hostPadding + at.x + at.width / 2;
}

export const laneTop = (frame: Frame, lane: number) =>
  frame.height + metrics.laneGap + lane * metrics.laneHeight + (metrics.laneHeight - metrics.bandHeight) / 2;

/** Services in evenly spread slots over the hosts, in rows that grow upwards, away from the hosts. */
export function serviceCard(frame: Frame, slot: number): Box {
  const span = Math.max(frame.span, metrics.serviceWidth);
  const columns = Math.max(1, Math.floor((span + 16) / (metrics.serviceWidth + 16)));
  const slotWidth = span / columns;
  const row = Math.floor(slot / columns);
  return {
    x: (slot % columns) * slotWidth + (slotWidth - metrics.serviceWidth) / 2,
    y: -metrics.servicesGap - metrics.serviceHeight - row * metrics.serviceRowHeight,
    width: metrics.serviceWidth,
    height: metrics.serviceHeight,
  };
}
