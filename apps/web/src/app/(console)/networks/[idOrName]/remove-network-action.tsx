'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { RemoveAction } from '../../../../components/remove-action';
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
  return <RemoveAction name={name} mutation={remove} onConfirm={() => remove.mutate({ network: name })} />;
}
