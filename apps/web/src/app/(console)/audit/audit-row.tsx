import type { SwitchyardEvent } from '@switchyard/contracts';
import { RelativeTime } from '../../../components/relative-time';
import { actorSource } from '../../../lib/events/audit-export';
import { formatTimestamp } from '../../../lib/time/format';
import { EventTableRow, SubjectAndMessageCells } from '../_inspect/event-cells';

export function AuditRow({ event, fresh }: { event: SwitchyardEvent; fresh: boolean }) {
  return (
    <EventTableRow event={event} fresh={fresh} testId="audit-row">
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
      <SubjectAndMessageCells event={event} />
    </EventTableRow>
  );
}
