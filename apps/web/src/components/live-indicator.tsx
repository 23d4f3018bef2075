'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useLiveConnect, useLiveConnected } from '../lib/live/live-hooks';

/** Shows whether pushed updates are flowing; on every (re)connect, refetches what may have been missed. */
export function LiveIndicator() {
  const connected = useLiveConnected();
  const queryClient = useQueryClient();
  useLiveConnect(() => void queryClient.invalidateQueries());
  return (
    <span className="live-indicator" data-connected={connected} role="status">
      <span className="live-dot" aria-hidden="true" />
      {connected ? 'Live' : 'Reconnecting'}
    </span>
  );
}
