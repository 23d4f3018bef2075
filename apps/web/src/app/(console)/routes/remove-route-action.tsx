'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { RemoveAction } from '../../../components/remove-action';
import { useTRPC } from '../../../lib/trpc/react';

/** Remove a route made here; every host's proxy stops answering for the hostname. */
export function RemoveRouteAction({ id, hostname }: { id: string; hostname: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.routes.remove.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.routes.pathFilter());
        void queryClient.invalidateQueries(trpc.inventory.pathFilter());
      },
    }),
  );
  return <RemoveAction name={hostname} mutation={remove} onConfirm={() => remove.mutate({ route: id })} />;
}
