'use client';

import { useMutation } from '@tanstack/react-query';
import { credentialsSchema } from '@switchyard/contracts';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/form/form-error';
import { SubmitButton } from '../../components/form/submit-button';
import { TextField } from '../../components/form/text-field';
import { useFieldErrors } from '../../components/form/use-field-errors';
import { zodMessage } from '../../lib/inventory/zod-message';
import { useTRPC } from '../../lib/trpc/react';

const formId = 'login';
const fieldPaths = ['username', 'password'];

/** Both boxes filled, by the rules the server checks; whether they match is the server's answer. */
function credentialErrors(username: string, password: string): Map<string, string> {
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
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: () => router.replace(nextPath),
      onError: (error) => fields.focusServerField(error),
    }),
  );
  const fields = useFieldErrors(formId, credentialErrors(username, password), fieldPaths, login.error);

  function edit(path: string, value: string, set: (value: string) => void): void {
    set(value);
    fields.touch(path);
    // A refusal (wrong password, too many attempts) was about what was typed before.
    login.reset();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (fields.checkBeforeSubmit()) login.mutate({ username, password });
  }

  const formErrorId = `${formId}-error`;
  return (
    <form
      className="form"
      onSubmit={submit}
      noValidate
      aria-label="Sign in"
      aria-describedby={fields.formError ? formErrorId : undefined}
    >
      <TextField
        id={fields.id('username')}
        label="Username"
        value={username}
        onChange={(value) => edit('username', value, setUsername)}
        error={fields.errorFor('username')}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
      />
      <TextField
        id={fields.id('password')}
        label="Password"
        type="password"
        value={password}
        onChange={(value) => edit('password', value, setPassword)}
        error={fields.errorFor('password')}
        autoComplete="current-password"
        required
      />
      <FormError id={formErrorId} message={fields.formError} />
      <SubmitButton label="Sign in" pendingLabel="Signing in…" pending={login.isPending || login.isSuccess} />
    </form>
  );
}
