'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { roleAllows } from '@switchyard/contracts';
import Link from 'next/link';
import { useState } from 'react';
import { useSession } from '../../../components/session-context';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { CreateContainerForm } from './create-container-form';

/** Operators create containers; the panel closes on success and says whether the container started. */
export function CreateContainerPanel() {
  const { role } = useSession();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const start = useMutation(
    trpc.containers.start.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.containers.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
      },
    }),
  );
  if (!roleAllows(role, 'operator')) return null;

  return (
    <>
      <p className="status-line" role="status">
        {created && (
          <>
            Created container{' '}
            <Link className="mono" href={`/containers/${encodeURIComponent(created)}`}>
              {created}
            </Link>
            {start.isPending && ', starting…'}
          </>
        )}
      </p>
      {start.isError && (
        <p className="form-error" role="alert">
          {created} did not start: {errorMessage(start.error)}
        </p>
      )}
      <details className="panel" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>Create container</summary>
        <div className="panel-body">
          <CreateContainerForm
            onCreated={(container, options) => {
              setCreated(container.name);
              setOpen(false);
              start.reset();
              // `docker run -d` is create then start; a server that already started it needs no second call.
              if (options.start && !container.desiredRunning) start.mutate({ container: container.id });
            }}
          />
        </div>
      </details>
    </>
  );
}
