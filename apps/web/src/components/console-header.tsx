'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { closeLiveSocket } from '../lib/live/live-socket';
import { useTRPC } from '../lib/trpc/react';
import { LiveIndicator } from './live-indicator';
import { useSession } from './session-context';
import { ThemeSelect } from './theme/theme-select';
import { roleTitle } from '../lib/badges/explain';

export function ConsoleHeader() {
  const { username, role } = useSession();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: () => {
        closeLiveSocket();
        queryClient.clear();
        router.replace('/login');
      },
    }),
  );

  return (
    <header className="console-header">
      <Link className="brand" href="/nodes">
        <span className="brand-mark" aria-hidden="true" />
        Switchyard
      </Link>
      <div className="header-end">
        <LiveIndicator />
        <ThemeSelect />
        <Link className="whoami" href="/profile" title="Your profile: password, sessions and client bundles">
          <span className="whoami-name">{username}</span>
          <span className="role-badge" data-role={role} title={roleTitle(role)}>
            {role}
          </span>
        </Link>
        <button
          className="button ghost"
          type="button"
          onClick={() => logout.mutate()}
          disabled={logout.isPending}
        >
          Log out
        </button>
      </div>
    </header>
  );
}
