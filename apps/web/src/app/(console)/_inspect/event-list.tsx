import type { SwitchyardEvent } from '@switchyard/contracts';
import Link from 'next/link';
import { RelativeTime } from '../../../components/relative-time';
import { actorHref } from '../../../lib/events/event-links';
import { EventMessage } from './event-message';
import './inspect.css';
import { severityTitle } from '../../../lib/badges/explain';

/** Recent events about one object, newest first, with a way to the full timeline. */
export function EventList({
  events,
  empty,
  moreHref,
  testId,
}: {
  events: readonly SwitchyardEvent[];
  empty: string;
  moreHref?: string;
  testId?: string;
}) {
  if (events.length === 0) return <p className="muted">{empty}</p>;
  return (
    <>
      <ol className="ix-events" data-testid={testId}>
        {events.map((event) => {
          const actorLink = actorHref(event.actor);
          return (
            <li key={event.id} data-kind={event.kind} data-severity={event.severity}>
              <span className="ix-event-time">
                <RelativeTime iso={event.at} />
              </span>
              <span className="severity" data-severity={event.severity} title={severityTitle(event.severity)}>
                {event.severity}
              </span>
              <span className="mono ix-event-kind">{event.kind}</span>
              <span className="ix-event-body">
                <EventMessage message={event.message} />
                <span className="subtle">
                  {' '}
                  by{' '}
                  {actorLink === null ? (
                    <span className="mono">{event.actor}</span>
                  ) : (
                    <Link className="mono" href={actorLink}>
                      {event.actor}
                    </Link>
                  )}
                </span>
              </span>
            </li>
          );
        })}
      </ol>
      {moreHref && (
        <p className="subtle">
          <Link href={moreHref}>All of them on the Events page</Link>
        </p>
      )}
    </>
  );
}
