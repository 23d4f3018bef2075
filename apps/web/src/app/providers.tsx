'use client';

import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { useState, type ReactNode } from 'react';
import type { AppRouter } from '../lib/trpc/app-router';
import { isUnauthorized } from '../lib/trpc/errors';
import { TRPCProvider } from '../lib/trpc/react';

function sendToLogin(): void {
  const next = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
}

function createQueryClient(): QueryClient {
  return new QueryClient({
    // A session that expires while the page is open sends the operator back to sign in.
    queryCache: new QueryCache({ onError: (error) => isUnauthorized(error) && sendToLogin() }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // A page opened again shows what it had at once and asks anew: a change pushed while it was
        // closed may have been missed, and a count left behind (0/3 after a rollout) misleads.
        refetchOnMount: 'always',
        retry: (failures, error) => !isUnauthorized(error) && failures < 2,
      },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: '/trpc' })] }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
