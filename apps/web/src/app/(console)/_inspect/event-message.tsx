import Link from 'next/link';
import { messageParts } from '../../../lib/events/event-links';

/** An event's message, the objects an agent names in it linked to their pages. */
export function EventMessage({ message }: { message: string }) {
  return (
    <>
      {messageParts(message).map((part, index) =>
        part.href === undefined ? (
          <span key={index}>{part.text}</span>
        ) : (
          <Link key={index} href={part.href} title={part.title} className="mono">
            {part.text}
          </Link>
        ),
      )}
    </>
  );
}
