import type { SwitchyardEvent } from '@switchyard/contracts';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Dash } from '../../../components/data-table';
import { subjectHref } from '../../../lib/events/event-links';
import { EventMessage } from './event-message';

/** Text that leads to a page where it has one. */
export function Linked({ href, text }: { href: string | null; text: string }) {
  return href === null ? <>{text}</> : <Link href={href}>{text}</Link>;
}

/** An event's row, carrying what filters, tests and the just-arrived highlight read. */
export function EventTableRow({
  event,
  fresh,
  testId,
  children,
}: {
  event: SwitchyardEvent;
  fresh: boolean;
  testId: string;
  children: ReactNode;
}) {
  return (
    <tr
      data-testid={testId}
      data-kind={event.kind}
      data-severity={event.severity}
      data-actor={event.actor}
      data-new={fresh}
      className={fresh ? 'ix-new' : undefined}
    >
      {children}
    </tr>
  );
}

/** The object the event is about, linked to its page, then what happened. */
export function SubjectAndMessageCells({ event }: { event: SwitchyardEvent }) {
  return (
    <>
      <td className="mono">
        {event.subject === null ? <Dash /> : <Linked href={subjectHref(event)} text={event.subject} />}
      </td>
      <td className="ix-message">
        <EventMessage message={event.message} />
      </td>
    </>
  );
}
