import type { SwitchyardEvent } from '@switchyard/contracts';
import Link from 'next/link';
import { RelativeTime } from '../../../components/relative-time';
import { actorSource } from '../../../lib/events/audit-export';
import { subjectHref } from '../../../lib/events/event-links';
import { formatTimestamp } from '../../../lib/time/format';
import { EventMessage } from '../_inspect/event-message';

export function AuditRow({ event, fresh }: { event: SwitchyardEvent; fresh: boolean }) {
  const href = subjectHref(event);
  return (
    <tr
      data-testid="audit-row"
      data-kind={event.kind}
      data-actor={event.actor}
      data-severity={event.severity}
      data-new={fresh}
      className={fresh ? 'ix-new' : undefined}
    >
      <td className="nowrap">
        {formatTimestamp(new Date(event.at))}
        <div className="subtle">
          <RelativeTime iso={event.at} />
        </div>
      </td>
      <td className="mono" data-testid="audit-user">
        {event.actor}
      </td>
      <td className="subtle">{actorSource(event.actor)}</td>
      <td className="mono nowrap">{event.kind}</td>
      <td className="mono">
        {event.subject === null ? (
          <span className="muted">–</span>
        ) : href === null ? (
          event.subject
        ) : (
          <Link href={href}>{event.subject}</Link>
        )}
      </td>
      <td className="ix-message">
        <EventMessage message={event.message} />
      </td>
    </tr>
  );
}
