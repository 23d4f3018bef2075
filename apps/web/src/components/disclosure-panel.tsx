'use client';

import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { focusFirstControl } from './focus-first';

/**
 * A panel that folds open under its summary (a create form). Opening it puts focus on its first
 * control; Escape closes it and gives focus back to the summary, as does closing it from outside
 * (after a successful create) while focus was inside or lost. A panel open from the start (where
 * creating is the page's job) takes no focus: the page's first stop stays the skip link.
 */
export function DisclosurePanel({
  summary,
  open,
  onOpenChange,
  children,
}: {
  summary: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  children: ReactNode;
}) {
  const details = useRef<HTMLDetailsElement>(null);
  const summaryRef = useRef<HTMLElement>(null);
  const body = useRef<HTMLDivElement>(null);

  function toggled(nowOpen: boolean): void {
    const byUser = nowOpen !== open;
    if (byUser) onOpenChange(nowOpen);
    if (nowOpen) {
      if (byUser) focusFirstControl(body.current);
      return;
    }
    const active = document.activeElement;
    if (active === null || active === document.body || details.current?.contains(active))
      summaryRef.current?.focus();
  }

  function closeOnEscape(event: KeyboardEvent<HTMLDetailsElement>): void {
    if (event.key !== 'Escape' || !open) return;
    event.preventDefault();
    onOpenChange(false);
    summaryRef.current?.focus();
  }

  return (
    <details
      ref={details}
      className="panel"
      open={open}
      onToggle={(event) => toggled(event.currentTarget.open)}
      onKeyDown={closeOnEscape}
    >
      <summary ref={summaryRef}>{summary}</summary>
      <div ref={body} className="panel-body">
        {children}
      </div>
    </details>
  );
}
