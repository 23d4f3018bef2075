'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ContainerView } from '@switchyard/contracts';
import { useRouter } from 'next/navigation';
import { ConfirmButton } from '../../../../components/confirm-button';
import { errorMessage } from '../../../../lib/trpc/errors';
import { useTRPC } from '../../../../lib/trpc/react';

const liveStatuses: ReadonlySet<ContainerView['status']> = new Set(['running', 'restarting']);

/** Start, Stop and Remove; each waits for the agent's answer, and a refusal is shown beside them. */
export function ContainerActions({ container }: { container: ContainerView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.containers.pathFilter());
    void queryClient.invalidateQueries(trpc.networks.pathFilter());
    void queryClient.invalidateQueries(trpc.inventory.pathFilter());
  };
  const start = useMutation(trpc.containers.start.mutationOptions({ onSettled: refresh }));
  const stop = useMutation(trpc.containers.stop.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(
    trpc.containers.remove.mutationOptions({
      onSuccess: () => {
        refresh();
        router.push('/containers');
      },
    }),
  );

  const live = liveStatuses.has(container.status);
  const busy = start.isPending || stop.isPending || remove.isPending;
  const failed = [start, stop, remove].find((action) => action.isError);
  const target = { container: container.id };
  return (
    <div className="action-group">
      <div className="actions">
        {live ? (
          <button className="button" type="button" disabled={busy} onClick={() => stop.mutate(target)}>
            {stop.isPending ? 'Stopping…' : 'Stop'}
          </button>
        ) : (
          <button className="button" type="button" disabled={busy} onClick={() => start.mutate(target)}>
            {start.isPending ? 'Starting…' : 'Start'}
          </button>
        )}
        <ConfirmButton
          label="Remove"
          confirmLabel={live ? `Stop and remove ${container.name}` : `Remove ${container.name}`}
          pendingLabel="Removing…"
          pending={remove.isPending || remove.isSuccess}
          onConfirm={() => remove.mutate({ ...target, force: live })}
        />
      </div>
      {failed?.error && (
        <p className="form-error action-error" role="alert">
          {errorMessage(failed.error)}
        </p>
      )}
    </div>
  );
}
