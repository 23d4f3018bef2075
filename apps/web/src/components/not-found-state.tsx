import Link from 'next/link';
import { EmptyState } from './empty-state';

/** A detail page whose object is gone: removed here, elsewhere, or never existed. */
export function NotFoundState({ kind, name, listHref }: { kind: string; name: string; listHref: string }) {
  return (
    <EmptyState title={`No ${kind} named ${name}`}>
      <p>
        It may have just been removed. <Link href={listHref}>Back to all {kind}s</Link>
      </p>
    </EmptyState>
  );
}
