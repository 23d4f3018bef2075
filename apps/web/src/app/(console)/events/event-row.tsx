import type { SwitchyardEvent } from '@switchyard/contracts';
import Link from 'next/link';
import { RelativeTime } from '../../../components/relative-time';
import { actorHref, subjectHref } from '../../../lib/events/event-links';
import { formatTimestamp } from '../../../lib/time/format';
import { EventMessage } from '../_inspect/event-message';

function Linked({ href, text }: { href: string | null; text: string }) {
  return href === null ? <>{text}</> : <Link href={href}>{text}</Link>;
}

export function EventRow({ event, fresh = false }: { event: SwitchyardEvent; fresh?: boolean }) {
  return (
    <tr
      data-testid="event-row"
      data-kind={event.kind}
      data-severity={event.severity}
      data-actor={event.actor}
      data-new={fresh}
      className={fresh ? 'ix-new' : undefined}
    >
      <td className="nowrap">
        <RelativeTime iso={event.at} />
        <span className="subtle"> · {formatTimestamp(new Date(event.at))}</span>
      </td>
      <td>
        <span className="severity" data-severity={event.severity}>
          {event.severity}
        </span>
      </td>
      <td className="mono nowrap">{event.kind}</td>
      <td className="mono">
        <Linked href={actorHref(event.actor)} text={event.actor} />
      </td>
      <td className="mono">
        {event.subject === null ? (
          <span className="muted">–</span>
        ) : (
          <Linked href={subjectHref(event)} text={event.subject} />
        )}
      </td>
      <td className="ix-message">
        <EventMessage message={event.message} />
      </td>
    </tr>
  );
}
