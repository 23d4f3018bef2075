'use client';

import { roleAllows } from '@switchyard/contracts';
import { useState } from 'react';
import { DisclosurePanel } from '../../../components/disclosure-panel';
import { useSession } from '../../../components/session-context';
import { RouteForm } from './route-form';

/** Operators create routes; the panel closes on success and the new route shows up in the list. */
export function CreateRoutePanel() {
  const { role } = useSession();
  // Creating is this page's job: the form is open on arrival, and folds away once it has created.
  const [open, setOpen] = useState(true);
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
      <DisclosurePanel summary="Create route" open={open} onOpenChange={setOpen}>
        <RouteForm
          onSaved={(route) => {
            setCreated(route.hostname);
            setOpen(false);
          }}
        />
      </DisclosurePanel>
    </>
  );
}
