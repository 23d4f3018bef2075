'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormError } from '../../../components/form/form-error';
import { SelectField } from '../../../components/form/select-field';
import { SubmitButton } from '../../../components/form/submit-button';
import { TextField } from '../../../components/form/text-field';
import { useDraftForm } from '../../../components/form/use-draft-form';
import { useTRPC } from '../../../lib/trpc/react';
import {
  emptyUserDraft,
  isRole,
  roleChoices,
  toUserCreateInput,
  userFieldPaths,
  validateUserDraft,
} from './user-draft';

const formId = 'user-form';

export function CreateUserForm({ onCreated }: { onCreated: (username: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: (user) => {
        void queryClient.invalidateQueries(trpc.users.pathFilter());
        form.reset();
        onCreated(user.username);
      },
    }),
  );
  const form = useDraftForm({
    formId,
    label: 'Create user',
    initial: emptyUserDraft,
    check: validateUserDraft,
    fieldPaths: () => userFieldPaths,
    mutation: create,
    toInput: toUserCreateInput,
  });

  return (
    <form className="form create-form" {...form.formProps}>
      <div className="form-grid">
        <TextField
          {...form.text('username', 'username')}
          label="Username"
          placeholder="e.g. alice"
          required
          kind="identifier"
          autoCapitalize="none"
        />
        <TextField
          {...form.text('password', 'password')}
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 12 characters"
        />
        <SelectField
          {...form.choice('role', 'role', isRole)}
          label="Role"
          choices={roleChoices}
          hint="Viewers read; operators change workloads; admins also manage nodes and users"
        />
      </div>
      <FormError {...form.refusal} />
      <div>
        <SubmitButton label="Create user" pendingLabel="Creating…" pending={form.pending} />
      </div>
    </form>
  );
}
