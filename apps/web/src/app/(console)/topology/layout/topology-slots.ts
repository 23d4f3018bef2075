/** Slot numbers by object key: where each object sits in its grid. */
export type Slots = ReadonlyMap<string, number>;

/**
 * Every key still present keeps its slot, so nothing already drawn moves; new keys, in the order
 * given, take the lowest free slots (those of objects gone, then new ones at the end).
 */
export function assignSlots(previous: Slots | undefined, keys: readonly string[]): Map<string, number> {
  const next = new Map<string, number>();
  const taken = new Set<number>();
  for (const key of keys) {
    const slot = previous?.get(key);
    if (slot !== undefined) {
      next.set(key, slot);
      taken.add(slot);
    }
  }
  let free = 0;
  for (const key of keys) {
    if (next.has(key)) continue;
    while (taken.has(free)) free += 1;
    next.set(key, free);
    taken.add(free);
  }
  return next;
}

/** Rows a grid of `columns` needs to hold its highest slot. */
export function rowsFor(slots: Slots, columns: number): number {
  let highest = -1;
  for (const slot of slots.values()) highest = Math.max(highest, slot);
  return Math.ceil((highest + 1) / columns);
}
