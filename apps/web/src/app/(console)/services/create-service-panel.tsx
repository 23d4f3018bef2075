'use client';

import { useQuery } from '@tanstack/react-query';
import { roleAllows } from '@switchyard/contracts';
import Link from 'next/link';
import { useState } from 'react';
import { DisclosurePanel } from '../../../components/disclosure-panel';
import { useSession } from '../../../components/session-context';
import { useTRPC } from '../../../lib/trpc/react';
import { RolloutProgress } from './[name]/rollout-progress';
import { CreateServiceForm } from './create-service-form';

/**
 * Operators create services; the panel closes on success and shows the new service's tasks coming
 * up, with a link to its page for the rest of the rollout.
 */
export function CreateServicePanel() {
  const { role } = useSession();
  const trpc = useTRPC();
  // Creating is this page's job: the form is open on arrival, and folds away once it has created.
  const [open, setOpen] = useState(true);
  const [created, setCreated] = useState<string | null>(null);
  const services = useQuery(trpc.services.list.queryOptions());
  if (!roleAllows(role, 'operator')) return null;
  const service = services.data?.find((candidate) => candidate.spec.name === created);
  return (
    <>
      <div className="work-progress-header">
        <p className="status-line" role="status">
          {created && (
            <>
              Created service{' '}
              <Link className="mono" href={`/services/${encodeURIComponent(created)}`}>
                {created}
              </Link>
              . Its page shows each task as it starts.
            </>
          )}
        </p>
        {created && (
          <button className="button ghost" type="button" onClick={() => setCreated(null)}>
            Dismiss
          </button>
        )}
      </div>
      {service && <RolloutProgress service={service} />}
      <DisclosurePanel summary="Create service" open={open} onOpenChange={setOpen}>
        <CreateServiceForm
          onCreated={(service) => {
            setCreated(service.spec.name);
            setOpen(false);
          }}
        />
      </DisclosurePanel>
    </>
  );
}
