'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { EmptyState } from '../../../components/empty-state';
import { toEventsInput } from '../../../lib/events/timeline-filter';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { EventFilters } from './event-filters';
import { EventRow } from './event-row';
import { useLiveEvents } from './use-live-events';
import { useTimelineFilter } from './use-timeline-filter';
import '../_inspect/inspect.css';

const pageSize = 200;
const maxShown = 1_000;

/** The live, filterable timeline: what changed, who changed it, and what the agents reported. */
export function EventsTimeline() {
  const { filter, key, update, clear } = useTimelineFilter();
  const [limit, setLimit] = useState(pageSize);
  const [paused, setPaused] = useState(false);
  // Relative windows ("last hour") are anchored when the filter is set, so the query stays put.
  const [anchor, setAnchor] = useState(() => Date.now());
  const input = useMemo(() => toEventsInput(filter, limit, anchor), [filter, limit, anchor]);
  const trpc = useTRPC();
  const events = useQuery(trpc.events.list.queryOptions(input));
  const live = useLiveEvents(input, paused);

  const refilter = (apply: () => void) => {
    setAnchor(Date.now());
    setLimit(pageSize);
    apply();
  };
  const filtered = key !== '';

  return (
    <>
      <EventFilters
        filter={filter}
        update={(change) => refilter(() => update(change))}
        clear={() => refilter(clear)}
      />
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
        <div className="table-wrap">
          <table className="table events">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Severity</th>
                <th scope="col">Kind</th>
                <th scope="col">Actor</th>
                <th scope="col">Subject</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {events.data.map((event) => (
                <EventRow key={event.id} event={event} fresh={live.fresh.has(event.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {events.isSuccess && events.data.length === limit && limit < maxShown && (
        <p>
          <button
            className="button"
            type="button"
            onClick={() => setLimit(Math.min(maxShown, limit + pageSize))}
          >
            Show older events
          </button>
        </p>
      )}
    </>
  );
}
