'use client';

import { roleAllows } from '@switchyard/contracts';
import Link from 'next/link';
import { useState } from 'react';
import { useSession } from '../../../components/session-context';
import { CreateServiceForm } from './create-service-form';

/** Operators create services; the panel closes on success and links the new service's rollout. */
export function CreateServicePanel() {
  const { role } = useSession();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  if (!roleAllows(role, 'operator')) return null;
  return (
    <>
      <p className="status-line" role="status">
        {created && (
          <>
            Created service{' '}
            <Link className="mono" href={`/services/${encodeURIComponent(created)}`}>
              {created}
            </Link>
          </>
        )}
      </p>
      <details className="panel" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>Create service</summary>
        <div className="panel-body">
          <CreateServiceForm
            onCreated={(service) => {
              setCreated(service.spec.name);
              setOpen(false);
            }}
          />
        </div>
      </details>
    </>
  );
}
