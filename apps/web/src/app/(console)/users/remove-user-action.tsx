'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { RemoveAction } from '../../../components/remove-action';
import { useTRPC } from '../../../lib/trpc/react';
import type { UserListing } from './user-draft';

/** Remove, signing the user out everywhere; the server's refusal (the last admin) shows beside it. */
export function RemoveUserAction({ user }: { user: UserListing }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.users.remove.mutationOptions({
      onSettled: () => void queryClient.invalidateQueries(trpc.users.pathFilter()),
    }),
  );
  return (
    <RemoveAction name={user.username} mutation={remove} onConfirm={() => remove.mutate({ id: user.id })} />
  );
}
