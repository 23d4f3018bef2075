import type { IncomingMessage } from 'node:http';
import { hostnameOf } from './request-origin.js';

/**
 * The dashboard is served from another port of the same host, so its live channel is a
 * cross-origin request carrying the session cookie. Allow it only from the same hostname or a
 * configured origin, so another site cannot ride a signed-in browser's cookie. Agents send no
 * Origin header and are authenticated by their token instead.
 */
export function originAllowed(req: IncomingMessage, configured: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (configured.includes(origin)) return true;
  try {
    return new URL(origin).hostname === hostnameOf(req.headers.host);
  } catch {
    return false;
  }
}
