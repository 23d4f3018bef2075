import type { SceneItem } from '../layout/topology-scene';

/** How long objects take to appear, disappear or change colour, in milliseconds. */
export const fadeMs = 250;

/** How long a changed object's outline flashes (SVG painter; the canvas cross-fades instead). */
export const flashMs = 650;

/** An item's life on the canvas: when it came, when it went, and what it looked like before a change. */
export interface Fade {
  item: SceneItem;
  enteredAt: number;
  leftAt: number | null;
  previous: SceneItem | null;
  changedAt: number;
}

export type Fades = ReadonlyMap<string, Fade>;

/**
 * The fades after the scene became `items` at `now`. Items of the first scene are there from the start
 * (no fade); items gone keep fading out; an item whose look changed cross-fades from its old one.
 */
export function trackFades(fades: Fades | null, items: readonly SceneItem[], now: number): Map<string, Fade> {
  const next = new Map<string, Fade>();
  const start = fades === null ? -Infinity : now;
  for (const item of items) {
    const before = fades?.get(item.key);
    if (before === undefined || before.leftAt !== null) {
      next.set(item.key, { item, enteredAt: start, leftAt: null, previous: null, changedAt: -Infinity });
    } else if (before.item === item) {
      next.set(item.key, before);
    } else {
      next.set(item.key, { ...before, item, previous: before.item, changedAt: now });
    }
  }
  for (const [key, fade] of fades ?? []) {
    if (next.has(key) || now - (fade.leftAt ?? now) >= fadeMs) continue;
    next.set(key, fade.leftAt === null ? { ...fade, leftAt: now } : fade);
  }
  return next;
}

const progress = (since: number, now: number) => Math.max(0, Math.min(1, (now - since) / fadeMs));

/** How opaque the item is now: rising after it came, falling after it went. */
export function opacityAt(fade: Fade, now: number): number {
  const shown = progress(fade.enteredAt, now);
  return fade.leftAt === null ? shown : Math.min(shown, 1 - progress(fade.leftAt, now));
}

/** How far a change of look has gone, 0 to 1 (1: the old look is gone). */
export const changeAt = (fade: Fade, now: number) => progress(fade.changedAt, now);

/** Whether anything is still fading, so the canvas keeps drawing frames until it is not. */
export function animating(fades: Fades, now: number): boolean {
  for (const fade of fades.values())
    if (
      now - fade.enteredAt < fadeMs ||
      now - fade.changedAt < fadeMs ||
      (fade.leftAt !== null && now - fade.leftAt < fadeMs)
    )
      return true;
  return false;
}

/** Without the items whose fade-out ended. */
export function pruneFades(fades: Fades, now: number): Map<string, Fade> {
  return new Map([...fades].filter(([, fade]) => fade.leftAt === null || now - fade.leftAt < fadeMs));
}
