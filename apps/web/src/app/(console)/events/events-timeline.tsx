'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState } from '../../../components/empty-state';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { EventRow } from './event-row';
import { KindFilter, type KindFilterValue } from './kind-filter';
import { useLiveEvents, type EventsQuery } from './use-live-events';

const timelineLength = 200;

export function EventsTimeline() {
  const [kind, setKind] = useState<KindFilterValue>('all');
  const query: EventsQuery =
    kind === 'all' ? { limit: timelineLength } : { kinds: [kind], limit: timelineLength };
  const trpc = useTRPC();
  const events = useQuery(trpc.events.list.queryOptions(query));
  useLiveEvents(query);

  return (
    <>
      <div className="toolbar">
        <KindFilter value={kind} onChange={setKind} />
        {events.isSuccess && (
          <span className="muted">
            {events.data.length === timelineLength
              ? `latest ${timelineLength}`
              : `${events.data.length} ${events.data.length === 1 ? 'event' : 'events'}`}
          </span>
        )}
      </div>
      {events.isPending && <p className="muted">Loading events…</p>}
      {events.isError && (
        <p className="form-error" role="alert">
          {errorMessage(events.error)}
        </p>
      )}
      {events.isSuccess && events.data.length === 0 && (
        <EmptyState title="No events">
          <p>{kind === 'all' ? 'Nothing has been recorded yet.' : `No ${kind} events have been recorded.`}</p>
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
                <EventRow key={event.id} event={event} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
