'use client';

import { useMutation } from '@tanstack/react-query';
import { joinTokenRequestSchema } from '@switchyard/contracts';
import { useState } from 'react';
import { CopyableCommand } from '../../../components/copyable-command';
import { focusFirstControl } from '../../../components/focus-first';
import { FormError } from '../../../components/form/form-error';
import { SelectField } from '../../../components/form/select-field';
import { SubmitButton } from '../../../components/form/submit-button';
import { TextField } from '../../../components/form/text-field';
import { useDraftForm } from '../../../components/form/use-draft-form';
import { zodMessage } from '../../../lib/inventory/zod-message';
import { useTRPC } from '../../../lib/trpc/react';

const formId = 'join-token';
const fieldPaths = ['purpose', 'expiresInHours'];
const initial = { purpose: 'join node', expiresInHours: '24' };
const expiryChoices = [
  { value: '1', label: '1 hour' },
  { value: '24', label: '24 hours' },
  { value: String(24 * 7), label: '7 days' },
];

/** Issues a join token (the schema the server checks, as the admin types) and shows its command once. */
export function JoinTokenForm() {
  const trpc = useTRPC();
  // Back from the one-time command (Done), focus returns to the form rather than the page.
  const [shownOnce, setShownOnce] = useState(false);
  const create = useMutation(trpc.tokens.create.mutationOptions());
  const form = useDraftForm({
    formId,
    label: 'Create join token',
    initial: () => initial,
    check: ({ purpose }) => {
      const purposeError = zodMessage(joinTokenRequestSchema.shape.purpose, purpose);
      return new Map(purposeError ? [['purpose', purposeError]] : []);
    },
    fieldPaths: () => fieldPaths,
    mutation: create,
    toInput: ({ purpose, expiresInHours }) => ({
      purpose: purpose.trim(),
      expiresInHours: Number(expiresInHours),
    }),
  });

  if (create.isSuccess)
    return (
      // Focus moves to the command's Copy button: the form it came from is gone.
      <div className="join-token" ref={focusFirstControl}>
        <p>
          Run this on the new host. The token is shown only this once; anyone holding it can join a node until
          it expires or is revoked.
        </p>
        <CopyableCommand command={create.data.joinCommand} />
        <button
          className="button"
          type="button"
          onClick={() => {
            create.reset();
            form.fields.clear();
            setShownOnce(true);
          }}
        >
          Done
        </button>
      </div>
    );

  return (
    <form ref={shownOnce ? focusFirstControl : undefined} className="form inline" {...form.formProps}>
      <TextField {...form.text('purpose', 'purpose')} label="Purpose" autoComplete="off" />
      <SelectField
        {...form.text('expiresInHours', 'expiresInHours')}
        label="Expires after"
        choices={expiryChoices}
      />
      <SubmitButton label="Create join token" pendingLabel="Creating…" pending={form.pending} />
      <FormError {...form.refusal} />
    </form>
  );
}
