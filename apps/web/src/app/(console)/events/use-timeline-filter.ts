'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import {
  defaultFilter,
  filterFromParams,
  filterToParams,
  type TimelineFilter,
} from '../../../lib/events/timeline-filter';

export interface TimelineFilterState {
  filter: TimelineFilter;
  /** The filter as its URL query: changes exactly when the filter does. */
  key: string;
  update(change: Partial<TimelineFilter>): void;
  clear(): void;
}

/** The toolbar's state lives in the URL, so a filtered timeline can be bookmarked and shared. */
export function useTimelineFilter(): TimelineFilterState {
  const params = useSearchParams();
  const pathname = usePathname();
  const filter = useMemo(() => filterFromParams(params), [params]);
  // The browser's history API changes the address at once (Next keeps useSearchParams in step), and
  // each change starts from the address as it is now: two quick changes must not undo each other.
  const go = (next: TimelineFilter) => {
    const query = filterToParams(next).toString();
    window.history.replaceState(null, '', query === '' ? pathname : `${pathname}?${query}`);
  };
  const current = () => filterFromParams(new URLSearchParams(window.location.search));
  return {
    filter,
    key: filterToParams(filter).toString(),
    update: (change) => go({ ...current(), ...change }),
    clear: () => go(defaultFilter),
  };
}
