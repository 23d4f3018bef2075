'use client';

import { useState } from 'react';
import { DisclosurePanel } from '../../../components/disclosure-panel';
import { CreateUserForm } from './create-user-form';

/** Open from the start: adding people is what an admin mostly comes here for. */
export function CreateUserPanel() {
  const [open, setOpen] = useState(true);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <>
      <p className="status-line" role="status">
        {created && (
          <>
            Created user <span className="mono">{created}</span>. Give them their password another way; it is
            not shown again.
          </>
        )}
      </p>
      <DisclosurePanel summary="Create user" open={open} onOpenChange={setOpen}>
        <CreateUserForm onCreated={setCreated} />
      </DisclosurePanel>
    </>
  );
}
