'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormError } from '../../../components/form/form-error';
import { SelectField } from '../../../components/form/select-field';
import { SubmitButton } from '../../../components/form/submit-button';
import { useDraftForm } from '../../../components/form/use-draft-form';
import { useTRPC } from '../../../lib/trpc/react';
import { isRole, roleChoices, type UserListing } from './user-draft';

const fieldPaths = ['role'];

/** A role select and Save; the change signs the user out everywhere, so their next sign-in has it. */
export function UserRoleForm({ user }: { user: UserListing }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setRole = useMutation(
    trpc.users.setRole.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.users.pathFilter()),
    }),
  );
  const form = useDraftForm({
    formId: `user-role-${user.id}`,
    label: `Change the role of ${user.username}`,
    initial: () => ({ role: user.role }),
    check: () => new Map<string, string>(),
    fieldPaths: () => fieldPaths,
    mutation: setRole,
    toInput: (draft) => ({ id: user.id, role: draft.role }),
  });
  return (
    <form className="form inline role-form" {...form.formProps}>
      <SelectField
        {...form.choice('role', 'role', isRole)}
        label={<span className="visually-hidden">Role of {user.username}</span>}
        choices={roleChoices}
      />
      <SubmitButton label="Save" pendingLabel="Saving…" pending={form.pending} primary={false} />
      <FormError {...form.refusal} />
    </form>
  );
}
