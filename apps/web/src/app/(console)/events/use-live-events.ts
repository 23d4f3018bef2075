'use client';

import { useQueryClient } from '@tanstack/react-query';
import type { EventKind, SwitchyardEvent } from '@switchyard/contracts';
import { useLiveEvent } from '../../../lib/live/live-hooks';
import { useTRPC } from '../../../lib/trpc/react';

export interface EventsQuery {
  kinds?: EventKind[];
  limit: number;
}

function prependEvent(
  events: SwitchyardEvent[],
  recorded: SwitchyardEvent,
  limit: number,
): SwitchyardEvent[] {
  if (events.some((event) => event.id === recorded.id)) return events;
  return [recorded, ...events].slice(0, limit);
}

/** Puts each pushed `event.recorded` at the top of the timeline being shown, if it passes its filter. */
export function useLiveEvents(query: EventsQuery): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useLiveEvent('event.recorded', (recorded) => {
    // Timelines cached for other filters are now behind: refetch them when they are shown again.
    void queryClient.invalidateQueries({ queryKey: trpc.events.list.queryKey(), refetchType: 'none' });
    if (query.kinds && !query.kinds.includes(recorded.kind)) return;
    queryClient.setQueryData(
      trpc.events.list.queryKey(query),
      (events) => events && prependEvent(events, recorded, query.limit),
    );
  });
}
