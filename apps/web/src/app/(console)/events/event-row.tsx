import type { SwitchyardEvent } from '@switchyard/contracts';
import { RelativeTime } from '../../../components/relative-time';
import { formatTimestamp } from '../../../lib/time/format';

export function EventRow({ event }: { event: SwitchyardEvent }) {
  return (
    <tr data-testid="event-row" data-kind={event.kind} data-severity={event.severity}>
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
      <td className="mono">{event.actor}</td>
      <td className="mono">{event.subject ?? <span className="muted">–</span>}</td>
      <td>{event.message}</td>
    </tr>
  );
}
