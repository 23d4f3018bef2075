export const sessionCookieName = 'sy_session';
/**
 * The name over HTTPS: a `__Host-` cookie is Secure, host-only and Path=/ by the browser's rule, so
 * neither a sibling subdomain nor a plain-http page can plant or overwrite it.
 */
export const secureSessionCookieName = '__Host-sy_session';

/** The session token from either name. */
export function readSessionCookie(header: string | undefined): string | undefined {
  return readCookie(header, secureSessionCookieName) ?? readCookie(header, sessionCookieName);
}

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
  const name = context.secureTransport ? secureSessionCookieName : sessionCookieName;
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (context.secureTransport || context.loopbackHost) parts.push('Secure');
  return parts.join('; ');
}

/** Clears the session cookie under the name it was set with. */
export function clearedSessionCookie(context: CookieContext): string {
  return context.secureTransport
    ? `${secureSessionCookieName}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`
    : `${sessionCookieName}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
