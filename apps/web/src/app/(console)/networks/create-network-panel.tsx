'use client';

import { roleAllows } from '@switchyard/contracts';
import Link from 'next/link';
import { useState } from 'react';
import { useSession } from '../../../components/session-context';
import { CreateNetworkForm } from './create-network-form';

/** Operators create networks; viewers never see the form (the server refuses them anyway). */
export function CreateNetworkPanel() {
  const { role } = useSession();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  if (!roleAllows(role, 'operator')) return null;
  return (
    <>
      <p className="status-line" role="status">
        {created && (
          <>
            Created network{' '}
            <Link className="mono" href={`/networks/${encodeURIComponent(created)}`}>
              {created}
            </Link>
          </>
        )}
      </p>
      <details className="panel" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>Create network</summary>
        <div className="panel-body">
          <CreateNetworkForm
            onCreated={(network) => {
              setCreated(network.name);
              setOpen(false);
            }}
          />
        </div>
      </details>
    </>
  );
}
