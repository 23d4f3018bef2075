'use client';

import { useQueryClient } from '@tanstack/react-query';
import type { SwitchyardEvent } from '@switchyard/contracts';
import { useEffect, useRef, useState } from 'react';
import { matchesInput, type EventsInput } from '../../../lib/events/timeline-filter';
import { useLiveConnect, useLiveEvent } from '../../../lib/live/live-hooks';
import { useTRPC } from '../../../lib/trpc/react';

/** How long a row that just arrived stays marked new. */
const freshForMs = 6_000;

function prependEvent(
  events: SwitchyardEvent[],
  recorded: SwitchyardEvent,
  limit: number,
): SwitchyardEvent[] {
  if (events.some((event) => event.id === recorded.id)) return events;
  return [recorded, ...events].slice(0, limit);
}

export interface LiveTimeline {
  /** Events that matched while paused, newest first: shown once resumed. */
  held: readonly SwitchyardEvent[];
  /** Ids of rows that just arrived, to mark them. */
  fresh: ReadonlySet<string>;
  resume(): void;
}

/**
 * Puts each pushed `event.recorded` that passes the timeline's filter at its top, marked new; while
 * paused it holds them back and counts them. After a reconnect the timeline refetches what it missed.
 */
export function useLiveEvents(input: EventsInput, paused: boolean): LiveTimeline {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [held, setHeld] = useState<SwitchyardEvent[]>([]);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) clearTimeout(timer);
    };
  }, []);

  function markFresh(ids: string[]): void {
    setFresh((current) => new Set([...current, ...ids]));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setFresh((current) => new Set([...current].filter((id) => !ids.includes(id))));
    }, freshForMs);
    timers.current.add(timer);
  }

  function show(events: SwitchyardEvent[]): void {
    queryClient.setQueryData(
      trpc.events.list.queryKey(input),
      (shown) =>
        shown && events.toReversed().reduce((list, event) => prependEvent(list, event, input.limit), shown),
    );
    markFresh(events.map((event) => event.id));
  }

  useLiveEvent('event.recorded', (recorded) => {
    // Timelines cached for other filters, and the audit log, are now behind: refetch them when shown.
    void queryClient.invalidateQueries({
      queryKey: trpc.events.list.queryKey(),
      refetchType: 'none',
      predicate: (query) =>
        JSON.stringify(query.queryKey) !== JSON.stringify(trpc.events.list.queryKey(input)),
    });
    // The actor filters' choices: a new actor is fetched at once; counts catch up when next shown.
    const actorLists = queryClient.getQueriesData<{ actor: string }[]>({
      queryKey: trpc.events.actors.queryKey(),
    });
    const known = actorLists.every(
      ([, list]) => list?.some((entry) => entry.actor === recorded.actor) ?? true,
    );
    void queryClient.invalidateQueries({
      queryKey: trpc.events.actors.queryKey(),
      refetchType: known ? 'none' : 'active',
    });
    if (!matchesInput(recorded, input)) return;
    if (paused) setHeld((current) => [recorded, ...current]);
    else show([recorded]);
  });
  useLiveConnect(() => void queryClient.invalidateQueries({ queryKey: trpc.events.list.queryKey(input) }));

  return {
    held,
    fresh,
    resume() {
      show(held);
      setHeld([]);
    },
  };
}
