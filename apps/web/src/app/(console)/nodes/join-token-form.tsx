'use client';

import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { CopyableCommand } from '../../../components/copyable-command';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';

const expiryChoices = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '24 hours' },
  { hours: 24 * 7, label: '7 days' },
];

export function JoinTokenForm() {
  const trpc = useTRPC();
  const create = useMutation(trpc.tokens.create.mutationOptions());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      purpose: String(form.get('purpose') ?? ''),
      expiresInHours: Number(form.get('expiresInHours')),
    });
  }

  if (create.isSuccess)
    return (
      <div className="panel-body">
        <p>
          Run this on the new host. The token is shown only this once; anyone holding it can join a node until
          it expires or is revoked.
        </p>
        <CopyableCommand command={create.data.joinCommand} />
        <button className="button" type="button" onClick={() => create.reset()}>
          Done
        </button>
      </div>
    );

  return (
    <form className="panel-body form inline" onSubmit={submit}>
      <label className="field">
        <span>Purpose</span>
        <input name="purpose" defaultValue="join node" required maxLength={200} />
      </label>
      <label className="field">
        <span>Expires after</span>
        <select name="expiresInHours" defaultValue={24}>
          {expiryChoices.map(({ hours, label }) => (
            <option key={hours} value={hours}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button className="button primary" type="submit" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create join token'}
      </button>
      {create.isError && (
        <p className="form-error" role="alert">
          {errorMessage(create.error)}
        </p>
      )}
    </form>
  );
}
