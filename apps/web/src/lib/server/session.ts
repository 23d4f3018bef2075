import { createTRPCClient, httpLink } from '@trpc/client';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { Session } from '../session';
import type { AppRouter } from '../trpc/app-router';
import { isUnauthorized } from '../trpc/errors';
import { controlPlaneUrl } from './config';

/** Asks the control plane who the request's session cookie belongs to; no session means the login page. */
export async function requireSession(): Promise<Session> {
  const cookieHeader = (await cookies()).toString();
  const client = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${controlPlaneUrl()}/trpc`, headers: { cookie: cookieHeader } })],
  });
  try {
    return await client.auth.me.query();
  } catch (error) {
    if (isUnauthorized(error)) redirect('/login');
    throw error;
  }
}
