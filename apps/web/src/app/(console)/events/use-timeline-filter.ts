'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
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
  const router = useRouter();
  const pathname = usePathname();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const go = (next: TimelineFilter) => {
    const query = filterToParams(next).toString();
    router.replace(query === '' ? pathname : `${pathname}?${query}`, { scroll: false });
  };
  return {
    filter,
    key: filterToParams(filter).toString(),
    update: (change) => go({ ...filter, ...change }),
    clear: () => go(defaultFilter),
  };
}
