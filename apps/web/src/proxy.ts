import { NextResponse, type NextRequest } from 'next/server';

/**
 * Without a session cookie there is nothing to show: go to the login page and come back afterwards.
 * Whether the cookie is still valid is the console layout's question (it asks the control plane).
 */
export function proxy(request: NextRequest) {
  // `__Host-sy_session` over HTTPS, `sy_session` over plain http (see the control plane's auth/cookies.ts).
  if (request.cookies.has('__Host-sy_session') || request.cookies.has('sy_session'))
    return NextResponse.next();
  const login = new URL('/login', request.url);
  const { pathname, search } = request.nextUrl;
  if (pathname !== '/') login.searchParams.set('next', `${pathname}${search}`);
  return NextResponse.redirect(login);
}

// The upload is left out too: a proxy makes Next buffer (and cap) the request body, and the control
// plane answers an upload without a session itself.
export const config = {
  matcher: ['/((?!login|trpc|upload|_next|favicon.ico).*)'],
};
