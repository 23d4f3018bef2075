import type { Box, Point } from './topology-scene';

/** d3-zoom's transform, as plain numbers: screen = world × k + (x, y). */
export interface ZoomState {
  k: number;
  x: number;
  y: number;
}

export const identity: ZoomState = { k: 1, x: 0, y: 0 };

export const scaleExtent: [number, number] = [0.05, 3];

export interface Size {
  width: number;
  height: number;
}

/** The transform that shows `box` whole and centred, no larger than `maxScale`. */
export function fitTransform(box: Box, size: Size, padding = 24, maxScale = 1): ZoomState {
  const width = Math.max(1, box.width);
  const height = Math.max(1, box.height);
  const k = Math.max(
    scaleExtent[0],
    Math.min(maxScale, (size.width - 2 * padding) / width, (size.height - 2 * padding) / height),
  );
  return {
    k,
    x: size.width / 2 - (box.x + width / 2) * k,
    y: size.height / 2 - (box.y + height / 2) * k,
  };
}

export const toWorld = (zoom: ZoomState, screen: Point): Point => ({
  x: (screen.x - zoom.x) / zoom.k,
  y: (screen.y - zoom.y) / zoom.k,
});

export const toScreen = (zoom: ZoomState, box: Box): Box => ({
  x: box.x * zoom.k + zoom.x,
  y: box.y * zoom.k + zoom.y,
  width: box.width * zoom.k,
  height: box.height * zoom.k,
});

/** The world rectangle a viewport of `size` shows. */
export const visibleWorld = (zoom: ZoomState, size: Size): Box => ({
  x: -zoom.x / zoom.k,
  y: -zoom.y / zoom.k,
  width: size.width / zoom.k,
  height: size.height / zoom.k,
});

export type KeyAction = { zoom: number } | { pan: Point } | { fit: true };

const panStep = 80;

/** The map's keyboard: + and - zoom, arrows pan, 0 fits everything in view. */
export function keyAction(key: string): KeyAction | null {
  switch (key) {
    case '+':
    case '=':
      return { zoom: 1.25 };
    case '-':
    case '_':
      return { zoom: 0.8 };
    case 'ArrowLeft':
      return { pan: { x: panStep, y: 0 } };
    case 'ArrowRight':
      return { pan: { x: -panStep, y: 0 } };
    case 'ArrowUp':
      return { pan: { x: 0, y: panStep } };
    case 'ArrowDown':
      return { pan: { x: 0, y: -panStep } };
    case '0':
      return { fit: true };
    default:
      return null;
  }
}

/** The current transform, outside React: panning repaints without re-rendering the page. */
export interface ZoomStore {
  get: () => ZoomState;
  set: (zoom: ZoomState) => void;
  subscribe: (listener: (zoom: ZoomState) => void) => () => void;
}

export function createZoomStore(): ZoomStore {
  let current = identity;
  const listeners = new Set<(zoom: ZoomState) => void>();
  return {
    get: () => current,
    set(zoom) {
      current = zoom;
      for (const listener of listeners) listener(zoom);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const transformAttribute = (zoom: ZoomState) => `translate(${zoom.x},${zoom.y}) scale(${zoom.k})`;
