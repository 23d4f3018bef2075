'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { roleAllows } from '@switchyard/contracts';
import Link from 'next/link';
import { useState } from 'react';
import { DisclosurePanel } from '../../../components/disclosure-panel';
import { useSession } from '../../../components/session-context';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { ContainerStatusBadge } from './container-status-badge';
import { CreateContainerForm } from './create-container-form';

/** Operators create containers; the panel closes on success and follows the new container's state. */
export function CreateContainerPanel() {
  const { role } = useSession();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Creating is this page's job: the form is open on arrival, and folds away once it has created.
  const [open, setOpen] = useState(true);
  const [created, setCreated] = useState<string | null>(null);
  const containers = useQuery(trpc.containers.list.queryOptions({ all: true }));
  const start = useMutation(
    trpc.containers.start.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.containers.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
      },
    }),
  );
  if (!roleAllows(role, 'operator')) return null;
  const container = containers.data?.find((candidate) => candidate.name === created);

  return (
    <>
      <p className="status-line" role="status">
        {created && (
          <>
            Created container{' '}
            <Link className="mono" href={`/containers/${encodeURIComponent(created)}`}>
              {created}
            </Link>
            {start.isPending
              ? ', starting…'
              : container && (
                  <>
                    {' '}
                    · <ContainerStatusBadge status={container.status} />
                  </>
                )}
          </>
        )}
      </p>
      {start.isError && (
        <p className="form-error" role="alert">
          {created} did not start: {errorMessage(start.error)}
        </p>
      )}
      <DisclosurePanel summary="Create container" open={open} onOpenChange={setOpen}>
        <CreateContainerForm
          onCreated={(container, options) => {
            setCreated(container.name);
            setOpen(false);
            start.reset();
            // `docker run -d` is create then start; a server that already started it needs no second call.
            if (options.start && !container.desiredRunning) start.mutate({ container: container.id });
          }}
        />
      </DisclosurePanel>
    </>
  );
}
