import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface RequestOrigin {
  /**
   * The client's address: the socket's peer, or the browser's when the dashboard's own server
   * forwarded the request (see fromDashboardProxy) and said whose it was in X-Forwarded-For.
   */
  clientAddress: string;
  secureTransport: boolean;
  loopbackHost: boolean;
  /** The Host the browser asked the dashboard's server for, when that server forwarded the request. */
  dashboardHost?: string | undefined;
}

/** The header the dashboard's server proves itself with: the secret `switchyard start` gave both. */
export const webProxySecretHeader = 'x-switchyard-proxy-secret';

function firstHeader(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(',')[0]?.trim();
}

export function hostnameOf(hostHeader: string | undefined): string {
  if (hostHeader === undefined) return '';
  if (hostHeader.startsWith('[')) return hostHeader.slice(1, hostHeader.indexOf(']'));
  return hostHeader.split(':')[0] ?? '';
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return plain === '::1' || plain.startsWith('127.');
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Forwarded headers are believed only from the dashboard's own server: over loopback, carrying the
 * shared secret. Anyone else's X-Forwarded-For is ignored, so it cannot pick its throttle key.
 */
export function fromDashboardProxy(req: IncomingMessage, webProxySecret: string | undefined): boolean {
  if (webProxySecret === undefined || webProxySecret === '') return false;
  if (!isLoopbackAddress(req.socket.remoteAddress)) return false;
  const given = firstHeader(req.headers[webProxySecretHeader]);
  return given !== undefined && sameSecret(given, webProxySecret);
}

export function requestOrigin(req: IncomingMessage, webProxySecret?: string): RequestOrigin {
  const trusted = fromDashboardProxy(req, webProxySecret);
  const forwarded = (name: string) => (trusted ? firstHeader(req.headers[name]) : undefined);
  const host = hostnameOf(forwarded('x-forwarded-host') ?? req.headers.host);
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  return {
    clientAddress: forwarded('x-forwarded-for') ?? req.socket.remoteAddress ?? 'unknown',
    secureTransport: trusted ? forwarded('x-forwarded-proto') === 'https' : encrypted,
    loopbackHost: host === 'localhost' || host === '127.0.0.1' || host === '::1',
    dashboardHost: forwarded('x-forwarded-host'),
  };
}
