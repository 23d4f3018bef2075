'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { ConfirmButton } from '../../../../components/confirm-button';
import { errorMessage } from '../../../../lib/trpc/errors';
import { useTRPC } from '../../../../lib/trpc/react';

/** Remove, with the server's refusal (409: still has active endpoints) spelled out beside the button. */
export function RemoveNetworkAction({ name }: { name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const remove = useMutation(
    trpc.networks.remove.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.networks.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
        router.push('/networks');
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
        onConfirm={() => remove.mutate({ network: name })}
      />
      {remove.isError && (
        <p className="form-error action-error" role="alert">
          Cannot remove {name}: {errorMessage(remove.error)}
        </p>
      )}
    </div>
  );
}
