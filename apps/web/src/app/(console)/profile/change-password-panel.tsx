'use client';

import { useMutation } from '@tanstack/react-query';
import { passwordChangeInputSchema, type PasswordChangeInput } from '@switchyard/contracts';
import { useState } from 'react';
import { FormError } from '../../../components/form/form-error';
import { SubmitButton } from '../../../components/form/submit-button';
import { TextField } from '../../../components/form/text-field';
import { useDraftForm } from '../../../components/form/use-draft-form';
import { zodMessage } from '../../../lib/inventory/zod-message';
import { useTRPC } from '../../../lib/trpc/react';
import { ProfilePanel } from './profile-panel';

const fieldPaths = ['currentPassword', 'newPassword'];

function passwordErrors(draft: PasswordChangeInput): Map<string, string> {
  const errors = new Map<string, string>();
  const { shape } = passwordChangeInputSchema;
  const current = zodMessage(shape.currentPassword, draft.currentPassword);
  if (current !== null) errors.set('currentPassword', current);
  const next = zodMessage(shape.newPassword, draft.newPassword);
  if (next !== null) errors.set('newPassword', next);
  return errors;
}

/** Changing one's password keeps this session and ends every other one. */
export function ChangePasswordPanel() {
  const trpc = useTRPC();
  const [ended, setEnded] = useState<number | null>(null);
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: ({ endedSessions }) => {
        form.reset();
        setEnded(endedSessions);
      },
    }),
  );
  const form = useDraftForm({
    formId: 'change-password',
    label: 'Change password',
    initial: () => ({ currentPassword: '', newPassword: '' }),
    check: passwordErrors,
    fieldPaths: () => fieldPaths,
    mutation: change,
    toInput: (draft) => draft,
    onEdit: () => setEnded(null),
  });
  return (
    <ProfilePanel id="profile-password" title="Password">
      <form className="form create-form" {...form.formProps}>
        <div className="form-grid">
          <TextField
            {...form.text('currentPassword', 'currentPassword')}
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
          />
          <TextField
            {...form.text('newPassword', 'newPassword')}
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            hint="At least 12 characters. Your other sessions end; this one stays."
          />
        </div>
        <FormError {...form.refusal} />
        <div>
          <SubmitButton label="Change password" pendingLabel="Changing…" pending={form.pending} />
        </div>
        <p className="status-line" role="status">
          {ended !== null &&
            `Password changed; ${ended} other ${ended === 1 ? 'session' : 'sessions'} ended.`}
        </p>
      </form>
    </ProfilePanel>
  );
}
