'use client';

import { useMutation } from '@tanstack/react-query';
import { userResetPasswordInputSchema } from '@switchyard/contracts';
import { useState } from 'react';
import { FormError } from '../../../components/form/form-error';
import { SubmitButton } from '../../../components/form/submit-button';
import { TextField } from '../../../components/form/text-field';
import { useDraftForm } from '../../../components/form/use-draft-form';
import { zodMessage } from '../../../lib/inventory/zod-message';
import { useTRPC } from '../../../lib/trpc/react';
import type { UserListing } from './user-draft';

const fieldPaths = ['password'];

function passwordErrors({ password }: { password: string }): Map<string, string> {
  const error = zodMessage(userResetPasswordInputSchema.shape.password, password);
  return error === null ? new Map() : new Map([['password', error]]);
}

/**
 * Reset password opens a new-password box in place; setting it signs the user out everywhere. The
 * admin tells them the new one another way.
 */
export function ResetPasswordAction({ user }: { user: UserListing }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  if (!open)
    return (
      <span className="actions">
        {done && (
          <span className="muted" role="status">
            Password reset
          </span>
        )}
        <button className="button" type="button" onClick={() => setOpen(true)}>
          Reset password
        </button>
      </span>
    );
  return (
    <ResetPasswordForm
      user={user}
      onClose={(reset) => {
        setDone(reset);
        setOpen(false);
      }}
    />
  );
}

function ResetPasswordForm({ user, onClose }: { user: UserListing; onClose: (reset: boolean) => void }) {
  const trpc = useTRPC();
  const reset = useMutation(trpc.users.resetPassword.mutationOptions({ onSuccess: () => onClose(true) }));
  const form = useDraftForm({
    formId: `user-reset-${user.id}`,
    label: `New password for ${user.username}`,
    initial: () => ({ password: '' }),
    check: passwordErrors,
    fieldPaths: () => fieldPaths,
    mutation: reset,
    toInput: (draft) => ({ id: user.id, password: draft.password }),
  });
  return (
    <form
      className="form inline reset-form"
      {...form.formProps}
      onKeyDown={(event) => event.key === 'Escape' && onClose(false)}
    >
      <TextField
        {...form.text('password', 'password')}
        label={`New password for ${user.username}`}
        type="password"
        autoComplete="new-password"
        autoFocus
      />
      <span className="actions">
        <SubmitButton label="Set password" pendingLabel="Setting…" pending={form.pending} />
        <button className="button ghost" type="button" onClick={() => onClose(false)}>
          Cancel
        </button>
      </span>
      <FormError {...form.refusal} />
    </form>
  );
}
