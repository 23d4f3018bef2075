'use client';

import { formatAgo, formatTimestamp } from '../lib/time/format';
import { useNow } from '../lib/time/use-now';

/** "3 s ago", ticking; the absolute time is in the tooltip and the machine-readable attribute. */
export function RelativeTime({ iso }: { iso: string }) {
  const now = useNow();
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={formatTimestamp(date)}>
      {formatAgo(date.getTime(), now)}
    </time>
  );
}
