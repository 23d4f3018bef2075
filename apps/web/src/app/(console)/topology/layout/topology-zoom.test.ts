import { describe, expect, it } from 'vitest';
import { createZoomStore, fitTransform, keyAction, toScreen, toWorld, visibleWorld } from './topology-zoom';

describe('fitTransform', () => {
  it('centres the box and never zooms past the maximum', () => {
    const zoom = fitTransform({ x: 0, y: 0, width: 100, height: 50 }, { width: 1000, height: 500 }, 0, 1);
    expect(zoom).toEqual({ k: 1, x: 450, y: 225 });
  });

  it('shrinks a large box to fit inside the padding', () => {
    const zoom = fitTransform(
      { x: 100, y: 100, width: 2000, height: 500 },
      { width: 1020, height: 600 },
      10,
      1,
    );
    expect(zoom.k).toBe(0.5);
    const shown = visibleWorld(zoom, { width: 1020, height: 600 });
    expect(shown.x).toBeLessThanOrEqual(100);
    expect(shown.x + shown.width).toBeGreaterThanOrEqual(2100);
  });

  it('converts between screen and world', () => {
    const zoom = { k: 2, x: 10, y: 20 };
    expect(toWorld(zoom, { x: 30, y: 40 })).toEqual({ x: 10, y: 10 });
    expect(toScreen(zoom, { x: 10, y: 10, width: 5, height: 5 })).toEqual({
      x: 30,
      y: 40,
      width: 10,
      height: 10,
    });
  });
});

describe('keyAction', () => {
  it('zooms with + and -, pans with the arrows, fits with 0', () => {
    expect(keyAction('+')).toEqual({ zoom: 1.25 });
    expect(keyAction('-')).toEqual({ zoom: 0.8 });
    expect(keyAction('ArrowLeft')).toEqual({ pan: { x: 80, y: 0 } });
    expect(keyAction('0')).toEqual({ fit: true });
    expect(keyAction('a')).toBeNull();
  });
});

describe('createZoomStore', () => {
  it('tells its listeners until they unsubscribe', () => {
    const store = createZoomStore();
    const seen: number[] = [];
    const stop = store.subscribe((zoom) => seen.push(zoom.k));
    store.set({ k: 2, x: 0, y: 0 });
    stop();
    store.set({ k: 3, x: 0, y: 0 });
    expect(seen).toEqual([2]);
    expect(store.get().k).toBe(3);
  });
});
