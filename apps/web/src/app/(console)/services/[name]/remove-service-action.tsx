'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { ConfirmButton } from '../../../../components/confirm-button';
import { errorMessage } from '../../../../lib/trpc/errors';
import { useTRPC } from '../../../../lib/trpc/react';

/** `docker service rm`: its tasks stop and its VIPs, rules and DNS records go with it. */
export function RemoveServiceAction({ name }: { name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const remove = useMutation(
    trpc.services.remove.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.services.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
        router.push('/services');
      },
    }),
  );
  return (
    <div className="action-group">
      <ConfirmButton
        label="Remove"
        confirmLabel={`Remove ${name}`}
        pendingLabel="Removing…"
        pending={remove.isPending || remove.isSuccess}
        onConfirm={() => remove.mutate({ service: name })}
      />
      {remove.isError && (
        <p className="form-error action-error" role="alert">
          Cannot remove {name}: {errorMessage(remove.error)}
        </p>
      )}
    </div>
  );
}
