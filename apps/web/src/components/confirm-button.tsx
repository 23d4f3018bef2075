'use client';

import { useState } from 'react';

/**
 * A destructive action that asks once more inline (no modal): the first press arms it, the second
 * does it, Cancel or Escape disarms it.
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
  if (pending)
    return (
      <button className="button danger" type="button" disabled>
        {pendingLabel}
      </button>
    );
  if (!armed)
    return (
      <button className="button danger" type="button" onClick={() => setArmed(true)}>
        {label}
      </button>
    );
  return (
    <span className="confirm" onKeyDown={(event) => event.key === 'Escape' && setArmed(false)}>
      <button
        className="button danger solid"
        type="button"
        autoFocus
        onClick={() => {
          setArmed(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button className="button ghost" type="button" onClick={() => setArmed(false)}>
        Cancel
      </button>
    </span>
  );
}
