export const sessionCookieName = 'sy_session';

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      // A malformed %-escape is no session at all, not a server error.
      return undefined;
    }
  }
  return undefined;
}

export interface CookieContext {
  /** The request came over TLS, directly or through a proxy that says so. */
  secureTransport: boolean;
  /** Browsers treat http://localhost as a secure context, so Secure cookies still work there. */
  loopbackHost: boolean;
}

/**
 * HttpOnly so scripts cannot read it, SameSite=Lax against cross-site posts, and Secure wherever
 * the browser will accept it (TLS or localhost); a plain-http lab address gets it without Secure.
 */
export function sessionCookie(value: string, maxAgeSeconds: number, context: CookieContext): string {
  const parts = [
    `${sessionCookieName}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (context.secureTransport || context.loopbackHost) parts.push('Secure');
  return parts.join('; ');
}

export function clearedSessionCookie(): string {
  return `${sessionCookieName}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
