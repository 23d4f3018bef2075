import { describe, expect, it } from 'vitest';
import { animating, changeAt, fadeMs, opacityAt, pruneFades, trackFades } from './topology-fades';
import type { SceneItem } from '../layout/topology-scene';

const item = (key: string, status = 'running'): SceneItem =>
  ({
    kind: 'container',
    key,
    target: null,
    box: { x: 0, y: 0, width: 1, height: 1 },
    ends: [key],
    name: key,
    status,
    task: false,
    cx: 0,
    cy: 0,
    r: 1,
    problems: [],
    label: {
      x: 0,
      y: 0,
      text: key,
      anchor: 'middle',
      size: 11,
      face: 'sans',
      weight: 400,
      tone: 'text',
      halo: null,
    },
    ports: null,
  }) as SceneItem;

describe('trackFades', () => {
  it('shows the first scene at once', () => {
    const fades = trackFades(null, [item('a')], 1000);
    expect(opacityAt(fades.get('a') ?? expect.fail(), 1000)).toBe(1);
    expect(animating(fades, 1000)).toBe(false);
  });

  it('fades new items in and gone items out, then forgets them', () => {
    const first = trackFades(null, [item('a')], 0);
    const second = trackFades(first, [item('b')], 1000);
    const gone = second.get('a') ?? expect.fail();
    const added = second.get('b') ?? expect.fail();
    expect(opacityAt(added, 1000)).toBe(0);
    expect(opacityAt(added, 1000 + fadeMs / 2)).toBeCloseTo(0.5);
    expect(opacityAt(gone, 1000 + fadeMs / 2)).toBeCloseTo(0.5);
    expect(animating(second, 1000 + fadeMs / 2)).toBe(true);
    expect([...pruneFades(second, 1000 + fadeMs).keys()]).toEqual(['b']);
  });

  it('cross-fades an item whose look changed', () => {
    const running = item('a');
    const first = trackFades(null, [running], 0);
    const stopped = item('a', 'exited');
    const fade = trackFades(first, [stopped], 500).get('a') ?? expect.fail();
    expect(fade.previous).toBe(running);
    expect(changeAt(fade, 500)).toBe(0);
    expect(changeAt(fade, 500 + fadeMs)).toBe(1);
  });

  it('keeps an unchanged item as it was', () => {
    const same = item('a');
    const first = trackFades(null, [same], 0);
    expect(trackFades(first, [same], 500).get('a')).toBe(first.get('a'));
  });
});
