'use client';

import { useState } from 'react';
import type { TimelineFilter } from '../../../lib/events/timeline-filter';
import { useTimelineFilter, type TimelineFilterState } from './use-timeline-filter';

const pageSize = 200;
const maxShown = 1_000;

export interface EventWindow extends TimelineFilterState {
  /** How many of the latest events to show. */
  limit: number;
  /** When relative windows ("last hour") count from: set with the filter, so the query stays put. */
  anchor: number;
  /** Whether a list of `shown` events may have older ones behind it that can still be shown. */
  hasOlder(shown: number): boolean;
  showOlder(): void;
}

/** The timeline's filter and how far back the list reaches; a new filter starts again from the latest. */
export function useEventWindow(): EventWindow {
  const timeline = useTimelineFilter();
  const [limit, setLimit] = useState(pageSize);
  const [anchor, setAnchor] = useState(() => Date.now());
  const refilter = (apply: () => void) => {
    setAnchor(Date.now());
    setLimit(pageSize);
    apply();
  };
  return {
    ...timeline,
    limit,
    anchor,
    update: (change: Partial<TimelineFilter>) => refilter(() => timeline.update(change)),
    clear: () => refilter(timeline.clear),
    hasOlder: (shown) => shown === limit && limit < maxShown,
    showOlder: () => setLimit(Math.min(maxShown, limit + pageSize)),
  };
}
