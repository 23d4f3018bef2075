'use client';

import { useMutation } from '@tanstack/react-query';
import { joinTokenRequestSchema } from '@switchyard/contracts';
import { useState, type FormEvent } from 'react';
import { CopyableCommand } from '../../../components/copyable-command';
import { focusFirstControl } from '../../../components/focus-first';
import { FormError } from '../../../components/form/form-error';
import { SelectField } from '../../../components/form/select-field';
import { SubmitButton } from '../../../components/form/submit-button';
import { TextField } from '../../../components/form/text-field';
import { useFieldErrors } from '../../../components/form/use-field-errors';
import { zodMessage } from '../../../lib/inventory/zod-message';
import { useTRPC } from '../../../lib/trpc/react';

const formId = 'join-token';
const fieldPaths = ['purpose', 'expiresInHours'];
const expiryChoices = [
  { value: '1', label: '1 hour' },
  { value: '24', label: '24 hours' },
  { value: String(24 * 7), label: '7 days' },
];

/** Issues a join token (the schema the server checks, as the admin types) and shows its command once. */
export function JoinTokenForm() {
  const trpc = useTRPC();
  const [purpose, setPurpose] = useState('join node');
  const [expiresInHours, setExpiresInHours] = useState('24');
  // Back from the one-time command (Done), focus returns to the form rather than the page.
  const [shownOnce, setShownOnce] = useState(false);
  const create = useMutation(
    trpc.tokens.create.mutationOptions({ onError: (error) => fields.focusServerField(error) }),
  );
  const purposeError = zodMessage(joinTokenRequestSchema.shape.purpose, purpose);
  const fields = useFieldErrors(
    formId,
    new Map(purposeError ? [['purpose', purposeError]] : []),
    fieldPaths,
    create.error,
  );

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (fields.checkBeforeSubmit())
      create.mutate({ purpose: purpose.trim(), expiresInHours: Number(expiresInHours) });
  }

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
            fields.clear();
            setShownOnce(true);
          }}
        >
          Done
        </button>
      </div>
    );

  const formErrorId = `${formId}-error`;
  return (
    <form
      ref={shownOnce ? focusFirstControl : undefined}
      className="form inline"
      onSubmit={submit}
      noValidate
      aria-label="Create join token"
      aria-describedby={fields.formError ? formErrorId : undefined}
    >
      <TextField
        id={fields.id('purpose')}
        label="Purpose"
        value={purpose}
        onChange={(value) => {
          setPurpose(value);
          fields.touch('purpose');
          if (fields.serverPath === 'purpose') create.reset();
        }}
        error={fields.errorFor('purpose')}
        autoComplete="off"
      />
      <SelectField
        id={fields.id('expiresInHours')}
        label="Expires after"
        value={expiresInHours}
        choices={expiryChoices}
        onChange={setExpiresInHours}
        error={fields.errorFor('expiresInHours')}
      />
      <SubmitButton label="Create join token" pendingLabel="Creating…" pending={create.isPending} />
      <FormError id={formErrorId} message={fields.formError} />
    </form>
  );
}
