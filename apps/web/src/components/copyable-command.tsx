'use client';

import { useRef, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'selected';

/** A shell command with a copy button; where the clipboard API is refused (plain http), selects it instead. */
export function CopyableCommand({ command }: { command: string }) {
  const commandRef = useRef<HTMLElement>(null);
  const [copyState, setCopyState] = useState<CopyState>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(command);
      setCopyState('copied');
    } catch {
      const element = commandRef.current;
      if (element) window.getSelection()?.selectAllChildren(element);
      setCopyState('selected');
    }
  }

  return (
    <div className="command">
      <pre>
        <code ref={commandRef} data-testid="join-command">
          {command}
        </code>
      </pre>
      <button className="button" type="button" onClick={() => void copy()}>
        {copyState === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span className="muted" role="status">
        {copyState === 'selected' && 'Selected: press Ctrl+C to copy'}
      </span>
    </div>
  );
}
