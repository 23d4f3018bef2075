import type { SwitchyardEvent } from '@switchyard/contracts';
import { RelativeTime } from '../../../components/relative-time';
import { actorHref } from '../../../lib/events/event-links';
import { formatTimestamp } from '../../../lib/time/format';
import { EventTableRow, Linked, SubjectAndMessageCells } from '../_inspect/event-cells';
import { severityTitle } from '../../../lib/badges/explain';

export function EventRow({ event, fresh = false }: { event: SwitchyardEvent; fresh?: boolean }) {
  return (
    <EventTableRow event={event} fresh={fresh} testId="event-row">
      <td className="nowrap">
        <RelativeTime iso={event.at} />
        <span className="subtle"> · {formatTimestamp(new Date(event.at))}</span>
      </td>
      <td>
        <span className="severity" data-severity={event.severity} title={severityTitle(event.severity)}>
          {event.severity}
        </span>
      </td>
      <td className="mono nowrap">{event.kind}</td>
      <td className="mono">
        <Linked href={actorHref(event.actor)} text={event.actor} />
      </td>
      <SubjectAndMessageCells event={event} />
    </EventTableRow>
  );
}
