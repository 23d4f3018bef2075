'use client';

import type { EventKind } from '@switchyard/contracts';
import type { TimelineFilter } from '../../../lib/events/timeline-filter';
import { ActorFilter } from './actor-filter';
import { KindFilter } from './kind-filter';
import { SeverityFilter } from './severity-filter';
import { TextFilter } from './text-filter';
import { TimeRangeFilter } from './time-range-filter';
import '../_inspect/inspect.css';

/** The timeline's and the audit log's filters; the audit log leaves out severity and actor classes. */
export function EventFilters({
  filter,
  update,
  clear,
  audit = false,
  kinds,
}: {
  filter: TimelineFilter;
  update: (change: Partial<TimelineFilter>) => void;
  clear: () => void;
  audit?: boolean;
  kinds?: readonly EventKind[];
}) {
  return (
    <form
      className="ix-filters"
      role="search"
      aria-label={audit ? 'Filter the audit log' : 'Filter events'}
      onSubmit={(event) => event.preventDefault()}
    >
      <KindFilter value={filter.kind} onChange={(kind) => update({ kind })} {...(kinds ? { kinds } : {})} />
      {!audit && <SeverityFilter value={filter.severity} onChange={(severity) => update({ severity })} />}
      <ActorFilter
        value={filter.actor}
        onChange={(actor) => update({ actor })}
        audit={audit}
        label={audit ? 'User' : 'Actor'}
      />
      <TextFilter
        label="Subject"
        value={filter.subject}
        onChange={(subject) => update({ subject })}
        placeholder="e.g. web or sy-host1"
      />
      <TextFilter
        label="Search"
        value={filter.search}
        onChange={(search) => update({ search })}
        placeholder="e.g. drift"
      />
      <TimeRangeFilter value={filter} onChange={(range) => update(range)} />
      <div className="ix-filter-actions">
        <button className="button ghost" type="button" onClick={clear}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
