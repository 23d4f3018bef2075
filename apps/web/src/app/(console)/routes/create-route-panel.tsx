'use client';

import { roleAllows } from '@switchyard/contracts';
import { useState } from 'react';
import { useSession } from '../../../components/session-context';
import { RouteForm } from './route-form';

/** Operators create routes; the panel closes on success and the new route shows up in the list. */
export function CreateRoutePanel() {
  const { role } = useSession();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  if (!roleAllows(role, 'operator')) return null;
  return (
    <>
      <p className="status-line" role="status">
        {created && (
          <>
            Created route <span className="mono">{created}</span>: each host&apos;s proxy picks it up within
            seconds
          </>
        )}
      </p>
      <details className="panel" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>Create route</summary>
        <div className="panel-body">
          <RouteForm
            onSaved={(route) => {
              setCreated(route.hostname);
              setOpen(false);
            }}
          />
        </div>
      </details>
    </>
  );
}
