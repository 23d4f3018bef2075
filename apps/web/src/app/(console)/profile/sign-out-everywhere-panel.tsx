'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { ConfirmButton } from '../../../components/confirm-button';
import { closeLiveSocket } from '../../../lib/live/live-socket';
import { errorMessage } from '../../../lib/trpc/errors';
import { useTRPC } from '../../../lib/trpc/react';
import { ProfilePanel } from './profile-panel';

/** Ends every session of this account, on every browser, this one included: for a lost laptop. */
export function SignOutEverywherePanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const signOut = useMutation(
    trpc.auth.signOutEverywhere.mutationOptions({
      onSuccess: () => {
        closeLiveSocket();
        queryClient.clear();
        router.replace('/login');
      },
    }),
  );
  return (
    <ProfilePanel id="profile-sessions" title="Sessions">
      <p className="muted">
        Signing out everywhere ends every session of your account, in every browser, this one included.
      </p>
      <div className="action-group start">
        <ConfirmButton
          label="Sign out everywhere"
          confirmLabel="Sign out of every session"
          pendingLabel="Signing out…"
          pending={signOut.isPending || signOut.isSuccess}
          onConfirm={() => signOut.mutate()}
        />
        {signOut.isError && (
          <p className="form-error action-error" role="alert">
            Could not sign out everywhere: {errorMessage(signOut.error)}
          </p>
        )}
      </div>
    </ProfilePanel>
  );
}
