'use client';

import { ConfirmButton } from './confirm-button';
import { errorMessage } from '../lib/trpc/errors';

interface RemoveMutationState {
  isPending: boolean;
  isSuccess: boolean;
  isError: boolean;
  error: unknown;
}

/** Remove with a confirmation step, and the server's refusal (e.g. a 409) spelled out beside it. */
export function RemoveAction({
  name,
  mutation,
  onConfirm,
}: {
  name: string;
  mutation: RemoveMutationState;
  onConfirm: () => void;
}) {
  return (
    <div className="action-group">
      <ConfirmButton
        label="Remove"
        confirmLabel={`Remove ${name}`}
        pendingLabel="Removing…"
        pending={mutation.isPending || mutation.isSuccess}
        onConfirm={onConfirm}
      />
      {mutation.isError && (
        <p className="form-error action-error" role="alert">
          Cannot remove {name}: {errorMessage(mutation.error)}
        </p>
      )}
    </div>
  );
}
