'use client';

import { useQuery } from '@tanstack/react-query';
import { auditEventKinds } from '@switchyard/contracts';
import { useMemo } from 'react';
import { DataTable } from '../../../components/data-table';
import { EmptyState } from '../../../components/empty-state';
import { toEventsInput, type EventsInput } from '../../../lib/events/timeline-filter';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { EventFilters } from '../events/event-filters';
import { useLiveEvents } from '../events/use-live-events';
import { useEventWindow } from '../events/use-event-window';
import { AuditExportButtons } from './audit-export-buttons';
import { AuditRow } from './audit-row';
import '../_inspect/inspect.css';

const columns = ['Time', 'User', 'From', 'Action', 'Object', 'Details'];

/** Every change people asked for, with who and from where; filterable, live, exportable. */
export function AuditLog() {
  const { filter, limit, anchor, update, clear, hasOlder, showOlder } = useEventWindow();
  const input = useMemo<EventsInput>(
    () => ({ ...toEventsInput(filter, limit, anchor), audit: true }),
    [filter, limit, anchor],
  );
  const trpc = useTRPC();
  const entries = useQuery(trpc.events.list.queryOptions(input));
  const live = useLiveEvents(input, false);

  return (
    <>
      <EventFilters filter={filter} update={update} clear={clear} audit kinds={auditEventKinds} />
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
        <DataTable columns={columns} className="events" testId="audit-table">
          {entries.data.map((event) => (
            <AuditRow key={event.id} event={event} fresh={live.fresh.has(event.id)} />
          ))}
        </DataTable>
      )}
      {entries.isSuccess && hasOlder(entries.data.length) && (
        <p>
          <button className="button" type="button" onClick={showOlder}>
            Show older entries
          </button>
        </p>
      )}
    </>
  );
}
