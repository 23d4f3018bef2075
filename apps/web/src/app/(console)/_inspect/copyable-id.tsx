'use client';

import { useState } from 'react';
import './inspect.css';

/**
 * An id shortened to the 12 characters `docker ps` shows, the whole of it one click away on the
 * clipboard (or selected, where the clipboard is refused: plain http).
 */
export function CopyableId({ id, what = 'ID' }: { id: string; what?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const short = id.length > 16 ? `${id.slice(0, 12)}…` : id;
  async function copy() {
    try {
      await navigator.clipboard.writeText(id);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <span className="ix-id">
      <code title={id} data-testid="copyable-id">
        {state === 'failed' ? id : short}
      </code>
      <button className="ix-copy" type="button" onClick={() => void copy()} aria-label={`Copy ${what}`}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span className="visually-hidden" role="status">
        {state === 'copied'
          ? `${what} copied`
          : state === 'failed'
            ? `${what} shown in full: select it to copy`
            : ''}
      </span>
    </span>
  );
}
