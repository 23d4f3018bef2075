'use client';

import { useRef, useState } from 'react';

/**
 * A destructive action that asks once more inline (no modal): the first press arms it and focuses
 * the confirmation, the second does it; Cancel or Escape disarms it and gives focus back.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  pendingLabel,
  pending,
  onConfirm,
}: {
  label: string;
  confirmLabel: string;
  pendingLabel: string;
  pending: boolean;
  onConfirm: () => void;
}) {
  const [armed, setArmed] = useState(false);
  const restoreFocus = useRef(false);

  function disarm(): void {
    restoreFocus.current = true;
    setArmed(false);
  }

  // Called when the first button mounts again: after Cancel, Escape or a refusal it takes focus back.
  function first(button: HTMLButtonElement | null): void {
    if (button === null || !restoreFocus.current) return;
    restoreFocus.current = false;
    button.focus();
  }

  if (pending)
    return (
      <button className="button danger" type="button" disabled>
        {pendingLabel}
      </button>
    );
  if (!armed)
    return (
      <button ref={first} className="button danger" type="button" onClick={() => setArmed(true)}>
        {label}
      </button>
    );
  return (
    <span
      className="confirm"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        disarm();
      }}
    >
      <button
        className="button danger solid"
        type="button"
        autoFocus
        onClick={() => {
          // If it is refused, focus comes back to the first button, next to the error.
          disarm();
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button className="button ghost" type="button" onClick={disarm}>
        Cancel
      </button>
    </span>
  );
}
