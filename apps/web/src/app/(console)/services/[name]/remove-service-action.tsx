'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { RemoveAction } from '../../../../components/remove-action';
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
  return <RemoveAction name={name} mutation={remove} onConfirm={() => remove.mutate({ service: name })} />;
}
