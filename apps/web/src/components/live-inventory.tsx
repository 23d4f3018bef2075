'use client';

import { useLiveInventory } from '../lib/live/use-live-inventory';

/** Mounted once in the console frame so every inventory view stays current, whichever page is open. */
export function LiveInventory() {
  useLiveInventory();
  return null;
}
