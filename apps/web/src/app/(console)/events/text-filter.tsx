'use client';

import { useEffect, useEffectEvent, useId, useState } from 'react';

/** Typing settles for this long before the filter follows, so a query does not go out per keystroke. */
const settleMs = 300;

/** A text filter that applies as the user types, once they pause. */
export function TextFilter({
  label,
  value,
  onChange,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
}) {
  const [draft, setDraft] = useState(value);
  const commit = useEffectEvent(onChange);
  const id = useId();
  const [lastValue, setLastValue] = useState(value);
  // The URL changed under the field (back button, Clear): show what it says now.
  if (value !== lastValue) {
    setLastValue(value);
    setDraft(value);
  }
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => commit(draft), settleMs);
    return () => clearTimeout(timer);
  }, [draft, value]);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={draft}
        placeholder={placeholder}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') onChange(draft);
        }}
      />
    </div>
  );
}
