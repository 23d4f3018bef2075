'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { errorMessage } from '../../lib/trpc/errors';
import { useTRPC } from '../../lib/trpc/react';

export function LoginForm({ nextPath }: { nextPath: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const login = useMutation(trpc.auth.login.mutationOptions({ onSuccess: () => router.replace(nextPath) }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    login.mutate({
      username: String(form.get('username') ?? ''),
      password: String(form.get('password') ?? ''),
    });
  }

  return (
    <form className="form" onSubmit={submit} aria-describedby={login.isError ? 'login-error' : undefined}>
      <label className="field">
        <span>Username</span>
        <input name="username" autoComplete="username" required autoFocus />
      </label>
      <label className="field">
        <span>Password</span>
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {login.isError && (
        <p id="login-error" className="form-error" role="alert">
          {errorMessage(login.error)}
        </p>
      )}
      <button className="button primary" type="submit" disabled={login.isPending || login.isSuccess}>
        {login.isPending || login.isSuccess ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
