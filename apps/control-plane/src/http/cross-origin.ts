import type { IncomingMessage } from 'node:http';
import { hostnameOf } from './request-origin.js';

/** Which browser origins count as the dashboard's own. */
export interface DashboardOrigins {
  /** `SWITCHYARD_WEB_ORIGINS`: full origins (`https://dash.example`) allowed besides the ones below. */
  configured: readonly string[];
  /**
   * The dashboard's port (`SWITCHYARD_WEB_PORT`, set by `switchyard start`): when known, only that
   * port (and the control plane's own) of the request's hostname counts, not every port of the host.
   */
  webPort?: number | undefined;
}

function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

function hostPort(hostHeader: string | undefined): number | null {
  if (hostHeader === undefined) return null;
  const afterHost = hostHeader.startsWith('[') ? hostHeader.slice(hostHeader.indexOf(']') + 1) : hostHeader;
  const port = afterHost.split(':')[1];
  return port === undefined || port === '' ? null : Number(port);
}

function allowedList(allowed: readonly string[] | DashboardOrigins): DashboardOrigins {
  return Array.isArray(allowed) ? { configured: allowed } : (allowed as DashboardOrigins);
}

/**
 * The dashboard is served from another port of the same host, so its live channel is a
 * cross-origin request carrying the session cookie. Allow it only from the same hostname (on the
 * dashboard's port when that is known) or a configured origin, so another site cannot ride a
 * signed-in browser's cookie. Agents send no Origin header and are authenticated by their token instead.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[] | DashboardOrigins): boolean {
  const { configured, webPort } = allowedList(allowed);
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (configured.includes(origin)) return true;
  try {
    const url = new URL(origin);
    if (url.hostname.replace(/^\[|\]$/g, '') !== hostnameOf(req.headers.host)) return false;
    if (webPort === undefined) return true;
    const port = portOf(url);
    return port === webPort || port === hostPort(req.headers.host);
  } catch {
    return false;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A request that may change state: anything but GET, HEAD and OPTIONS (tRPC mutations are POSTs). */
export function changesState(method: string | undefined): boolean {
  return !safeMethods.has((method ?? 'GET').toUpperCase());
}

/**
 * Why a state-changing request must be refused as cross-site (CSRF), or null when it may go on.
 * A browser sends `Origin` on every POST and `Sec-Fetch-Site` where it supports it; a request with
 * neither is not a browser's (the CLI, the dashboard's own server) and is authenticated otherwise.
 * `dashboardHost` is the Host the browser asked the dashboard's server for, when that server
 * forwarded the request (and proved it, request-origin.ts): the page must be of that very origin.
 */
export function crossSiteRefusal(
  req: IncomingMessage,
  allowed: readonly string[] | DashboardOrigins,
  dashboardHost?: string,
): string | null {
  const origin = req.headers.origin;
  const fetchSite = req.headers['sec-fetch-site'];
  if (dashboardHost !== undefined) {
    if (fetchSite === 'cross-site' || fetchSite === 'same-site')
      return `a request from another site (Sec-Fetch-Site: ${fetchSite})`;
    if (origin === undefined) return null;
    try {
      if (new URL(origin).host === dashboardHost) return null;
    } catch {
      // not a URL: refused below
    }
    return `a request from another origin (${origin})`;
  }
  if (origin === undefined) {
    if (fetchSite === 'cross-site') return 'a cross-site request (Sec-Fetch-Site: cross-site)';
    return null;
  }
  if (!originAllowed(req, allowed)) return `a request from another origin (${origin})`;
  return null;
}

/** The only body a mutation takes: JSON. Form and text bodies are what a cross-site form can send. */
export function jsonContentType(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}
