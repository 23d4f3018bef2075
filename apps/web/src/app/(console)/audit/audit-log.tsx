'use client';

import { useQuery } from '@tanstack/react-query';
import { auditEventKinds } from '@switchyard/contracts';
import { useMemo, useState } from 'react';
import { EmptyState } from '../../../components/empty-state';
import { toEventsInput, type EventsInput } from '../../../lib/events/timeline-filter';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { EventFilters } from '../events/event-filters';
import { useLiveEvents } from '../events/use-live-events';
import { useTimelineFilter } from '../events/use-timeline-filter';
import { AuditExportButtons } from './audit-export-buttons';
import { AuditRow } from './audit-row';
import '../_inspect/inspect.css';

const pageSize = 200;
const maxShown = 1_000;

/** Every change people asked for, with who and from where; filterable, live, exportable. */
export function AuditLog() {
  const { filter, update, clear } = useTimelineFilter();
  const [limit, setLimit] = useState(pageSize);
  const [anchor, setAnchor] = useState(() => Date.now());
  const input = useMemo<EventsInput>(
    () => ({ ...toEventsInput(filter, limit, anchor), audit: true }),
    [filter, limit, anchor],
  );
  const trpc = useTRPC();
  const entries = useQuery(trpc.events.list.queryOptions(input));
  const live = useLiveEvents(input, false);
  const refilter = (apply: () => void) => {
    setAnchor(Date.now());
    setLimit(pageSize);
    apply();
  };

  return (
    <>
      <EventFilters
        filter={filter}
        update={(change) => refilter(() => update(change))}
        clear={() => refilter(clear)}
        audit
        kinds={auditEventKinds}
      />
      <div className="ix-live-bar">
        <span className="muted" data-testid="audit-count">
          {entries.isSuccess &&
            (entries.data.length === limit
              ? `latest ${limit} entries`
              : `${entries.data.length} ${entries.data.length === 1 ? 'entry' : 'entries'}`)}
        </span>
        <AuditExportButtons input={input} />
      </div>
      {entries.isPending && <p className="muted">Loading the audit log…</p>}
      {entries.isError && (
        <p className="form-error" role="alert">
          {errorMessage(entries.error)}
        </p>
      )}
      {entries.isSuccess && entries.data.length === 0 && (
        <EmptyState title="No entries">
          <p>No change matches these filters.</p>
        </EmptyState>
      )}
      {entries.isSuccess && entries.data.length > 0 && (
        <div className="table-wrap">
          <table className="table events" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">User</th>
                <th scope="col">From</th>
                <th scope="col">Action</th>
                <th scope="col">Object</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.data.map((event) => (
                <AuditRow key={event.id} event={event} fresh={live.fresh.has(event.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {entries.isSuccess && entries.data.length === limit && limit < maxShown && (
        <p>
          <button
            className="button"
            type="button"
            onClick={() => setLimit(Math.min(maxShown, limit + pageSize))}
          >
            Show older entries
          </button>
        </p>
      )}
    </>
  );
}
