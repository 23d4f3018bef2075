'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { DataTable } from '../../../components/data-table';
import { EmptyState } from '../../../components/empty-state';
import { toEventsInput } from '../../../lib/events/timeline-filter';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { EventFilters } from './event-filters';
import { EventRow } from './event-row';
import { useLiveEvents } from './use-live-events';
import { useEventWindow } from './use-event-window';
import '../_inspect/inspect.css';

const columns = ['Time', 'Severity', 'Kind', 'Actor', 'Subject', 'Message'];

/** The live, filterable timeline: what changed, who changed it, and what the agents reported. */
export function EventsTimeline() {
  const { filter, key, limit, anchor, update, clear, hasOlder, showOlder } = useEventWindow();
  const [paused, setPaused] = useState(false);
  const input = useMemo(() => toEventsInput(filter, limit, anchor), [filter, limit, anchor]);
  const trpc = useTRPC();
  // Fetched afresh on every visit: events recorded while the page was closed never reached the cache.
  const events = useQuery({ ...trpc.events.list.queryOptions(input), staleTime: 0 });
  const live = useLiveEvents(input, paused);
  const filtered = key !== '';

  return (
    <>
      <EventFilters filter={filter} update={update} clear={clear} />
      <div className="ix-live-bar">
        <span className="ix-live-state" data-paused={paused} role="status" data-testid="live-state">
          {paused ? (
            <>
              Paused
              {live.held.length > 0 && (
                <span className="ix-pending">
                  {' '}
                  · {live.held.length} new {live.held.length === 1 ? 'event' : 'events'} held
                </span>
              )}
            </>
          ) : (
            'Live: new events appear at the top'
          )}
        </span>
        <span className="actions">
          {events.isSuccess && (
            <span className="muted" data-testid="event-count">
              {events.data.length === limit
                ? `latest ${limit}`
                : `${events.data.length} ${events.data.length === 1 ? 'event' : 'events'}`}
              {filtered ? ' matching' : ''}
            </span>
          )}
          <button
            className="button"
            type="button"
            aria-pressed={paused}
            onClick={() => {
              if (paused) live.resume();
              setPaused(!paused);
            }}
          >
            {paused ? 'Resume' : 'Pause'}
          </button>
        </span>
      </div>
      {events.isPending && <p className="muted">Loading events…</p>}
      {events.isError && (
        <p className="form-error" role="alert">
          {errorMessage(events.error)}
        </p>
      )}
      {events.isSuccess && events.data.length === 0 && (
        <EmptyState title="No events">
          <p>{filtered ? 'Nothing recorded matches these filters.' : 'Nothing has been recorded yet.'}</p>
        </EmptyState>
      )}
      {events.isSuccess && events.data.length > 0 && (
        <DataTable columns={columns} className="events">
          {events.data.map((event) => (
            <EventRow key={event.id} event={event} fresh={live.fresh.has(event.id)} />
          ))}
        </DataTable>
      )}
      {events.isSuccess && hasOlder(events.data.length) && (
        <p>
          <button className="button" type="button" onClick={showOlder}>
            Show older events
          </button>
        </p>
      )}
    </>
  );
}
