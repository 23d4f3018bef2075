'use client';

import { useMutation } from '@tanstack/react-query';
import { credentialsSchema } from '@switchyard/contracts';
import { useRouter } from 'next/navigation';
import { FormError } from '../../components/form/form-error';
import { SubmitButton } from '../../components/form/submit-button';
import { TextField } from '../../components/form/text-field';
import { useDraftForm } from '../../components/form/use-draft-form';
import { zodMessage } from '../../lib/inventory/zod-message';
import { useTRPC } from '../../lib/trpc/react';

const formId = 'login';
const fieldPaths = ['username', 'password'];

/** Both boxes filled, by the rules the server checks; whether they match is the server's answer. */
function credentialErrors({
  username,
  password,
}: {
  username: string;
  password: string;
}): Map<string, string> {
  const errors = new Map<string, string>();
  const usernameError = zodMessage(credentialsSchema.shape.username, username);
  if (usernameError) errors.set('username', usernameError);
  const passwordError = zodMessage(credentialsSchema.shape.password, password);
  if (passwordError) errors.set('password', passwordError);
  return errors;
}

export function LoginForm({ nextPath }: { nextPath: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const login = useMutation(trpc.auth.login.mutationOptions({ onSuccess: () => router.replace(nextPath) }));
  const form = useDraftForm({
    formId,
    label: 'Sign in',
    initial: () => ({ username: '', password: '' }),
    check: credentialErrors,
    fieldPaths: () => fieldPaths,
    mutation: login,
    toInput: (credentials) => credentials,
    // A refusal (wrong password, too many attempts) was about what was typed before.
    onEdit: () => login.reset(),
  });

  return (
    <form className="form" {...form.formProps}>
      <TextField
        {...form.text('username', 'username')}
        label="Username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
      />
      <TextField
        {...form.text('password', 'password')}
        label="Password"
        type="password"
        autoComplete="current-password"
        required
      />
      <FormError {...form.refusal} />
      <SubmitButton label="Sign in" pendingLabel="Signing in…" pending={login.isPending || login.isSuccess} />
    </form>
  );
}
