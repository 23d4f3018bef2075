import type { SceneItem } from './topology-scene';

/**
 * What to bring forward: the filter's objects (null: all), the search's matches (null: no search), and
 * the hovered and selected objects, whose edges light up.
 */
export interface Emphasis {
  shown: ReadonlySet<string> | null;
  matches: ReadonlySet<string> | null;
  focus: ReadonlySet<string>;
}

/** normal, faded behind a search, found by the search, or hovered / selected (and their edges). */
export type ItemState = 'normal' | 'dim' | 'match' | 'focus';

export function isShown(item: SceneItem, shown: ReadonlySet<string> | null): boolean {
  return shown === null || item.ends.every((key) => shown.has(key));
}

export function itemState(item: SceneItem, emphasis: Emphasis): ItemState {
  const { focus, matches } = emphasis;
  if (
    focus.size > 0 &&
    (focus.has(item.key) || (item.ends.length > 1 && item.ends.some((key) => focus.has(key))))
  )
    return 'focus';
  if (matches === null) return 'normal';
  if (matches.has(item.key)) return 'match';
  return item.ends.some((key) => matches.has(key)) ? 'normal' : 'dim';
}

/** Items that were drawn before and are not any more: they fade out instead of vanishing. */
export function leftItems(previous: readonly SceneItem[], next: readonly SceneItem[]): SceneItem[] {
  const present = new Set(next.map((item) => item.key));
  return previous.filter((item) => !present.has(item.key));
}

/** Keys that are new since `previous` (none on the first draw: the map appears at once). */
export function enteredKeys(previous: readonly SceneItem[] | null, next: readonly SceneItem[]): Set<string> {
  if (previous === null) return new Set();
  const before = new Set(previous.map((item) => item.key));
  return new Set(next.filter((item) => !before.has(item.key)).map((item) => item.key));
}

/** Objects whose look changed (a container stopped, a network failed): they flash once. */
export function changedKeys(previous: readonly SceneItem[] | null, next: readonly SceneItem[]): Set<string> {
  if (previous === null) return new Set();
  const before = new Map(previous.map((item) => [item.key, item]));
  return new Set(
    next
      .filter((item) => flashing.has(item.kind) && before.has(item.key) && before.get(item.key) !== item)
      .map((item) => item.key),
  );
}

const flashing = new Set<SceneItem['kind']>(['container', 'service', 'network']);

/**
 * The next scene's items, reusing the previous objects of items that did not change, so a painter
 * redraws (and React re-renders) only what did.
 */
export function keepUnchanged(
  previous: readonly SceneItem[] | null,
  next: readonly SceneItem[],
): SceneItem[] {
  if (previous === null) return [...next];
  const before = new Map(previous.map((item) => [item.key, item]));
  return next.map((item) => {
    const old = before.get(item.key);
    return old !== undefined && signature(old) === signature(item) ? old : item;
  });
}

const signatures = new WeakMap<SceneItem, string>();

/** Everything an item draws, as text; an item kept across updates is serialised only once. */
function signature(item: SceneItem): string {
  let known = signatures.get(item);
  if (known === undefined) {
    known = JSON.stringify(item);
    signatures.set(item, known);
  }
  return known;
}
