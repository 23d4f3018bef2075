import type { IncomingMessage } from 'node:http';

export interface RequestOrigin {
  /** The client's address; the web server's proxy passes the browser's in X-Forwarded-For. */
  clientAddress: string;
  secureTransport: boolean;
  loopbackHost: boolean;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(',')[0]?.trim();
}

export function hostnameOf(hostHeader: string | undefined): string {
  if (hostHeader === undefined) return '';
  if (hostHeader.startsWith('[')) return hostHeader.slice(1, hostHeader.indexOf(']'));
  return hostHeader.split(':')[0] ?? '';
}

export function requestOrigin(req: IncomingMessage): RequestOrigin {
  const host = hostnameOf(firstHeader(req.headers['x-forwarded-host']) ?? req.headers.host);
  return {
    clientAddress: firstHeader(req.headers['x-forwarded-for']) ?? req.socket.remoteAddress ?? 'unknown',
    secureTransport: firstHeader(req.headers['x-forwarded-proto']) === 'https',
    loopbackHost: host === 'localhost' || host === '127.0.0.1' || host === '::1',
  };
}
