import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../trpc/context.js';
import { changesState, crossSiteRefusal, jsonContentType } from './cross-origin.js';
import { requestOrigin } from './request-origin.js';

/** The largest request body any listener of the control plane reads. */
export const maxBodyBytes = 1024 * 1024;

const jsonRpcCodes = {
  FORBIDDEN: -32003,
  TOO_MANY_REQUESTS: -32029,
  PAYLOAD_TOO_LARGE: -32413,
  UNSUPPORTED_MEDIA_TYPE: -32415,
} as const;

type RefusalCode = keyof typeof jsonRpcCodes;

const httpStatus: Record<RefusalCode, number> = {
  FORBIDDEN: 403,
  TOO_MANY_REQUESTS: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

/** The procedures a tRPC URL names: `/trpc/a,b?batch=1` is a batch of `a` and `b`. */
export function trpcProcedures(url: string): { procedures: string[]; batch: boolean } {
  const parsed = new URL(url, 'http://control-plane');
  const raw = parsed.pathname.slice('/trpc/'.length);
  let names = raw;
  try {
    names = decodeURIComponent(raw);
  } catch {
    // A bad % escape names no procedure of ours; tRPC answers it with 404.
  }
  return {
    procedures: names.split(',').filter((name) => name !== ''),
    batch: parsed.searchParams.get('batch') === '1',
  };
}

/** A refusal in tRPC's error shape (an array of them for a batch), so the dashboard shows its message. */
export function refuseTrpc(
  res: ServerResponse,
  url: string,
  code: RefusalCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  const { procedures, batch } = trpcProcedures(url);
  const error = (path: string | undefined) => ({
    error: { message, code: jsonRpcCodes[code], data: { code, httpStatus: httpStatus[code], path } },
  });
  const body = batch ? procedures.map((path) => error(path)) : error(procedures[0]);
  res.writeHead(httpStatus[code], { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A body larger than the limit, as its Content-Length says (a chunked one is cut off while read). */
export function bodyTooLarge(req: IncomingMessage): boolean {
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > maxBodyBytes;
}

/** Procedures that check a password, and so are a way to guess one: each counts as a login attempt. */
const passwordChecks = new Set(['auth.login', 'auth.changePassword']);

/**
 * What every tRPC request passes before any procedure runs: the body limit, then for a mutation
 * the CSRF check (Origin and Sec-Fetch-Site) and JSON-only bodies, then the login throttle, counted
 * for every password check of a batch (`auth.login`, `auth.changePassword`) before any of them runs.
 * Resolves true when the request may go on; otherwise it has been answered (and a refusal of a
 * browser's cross-site request recorded).
 */
export async function admitTrpcRequest(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
): Promise<boolean> {
  const url = req.url ?? '/';
  if (bodyTooLarge(req)) {
    refuseTrpc(res, url, 'PAYLOAD_TOO_LARGE', `request body is larger than ${maxBodyBytes} bytes (1 MiB)`);
    return false;
  }
  if (!changesState(req.method)) return true;
  const origin = requestOrigin(req, services.config.webProxySecret);
  const crossSite = crossSiteRefusal(
    req,
    { configured: services.config.webOrigins, webPort: services.config.webPort },
    origin.dashboardHost,
  );
  if (crossSite !== null) {
    const { procedures } = trpcProcedures(url);
    await services.events.record({
      kind: 'auth.denied',
      severity: 'warning',
      actor: `anonymous@${origin.clientAddress}`,
      subject: procedures.join(',') || url,
      message: `${req.method} ${procedures.join(',')} refused: ${crossSite}`,
    });
    refuseTrpc(res, url, 'FORBIDDEN', `refused: ${crossSite}; only the dashboard may make changes`);
    return false;
  }
  if (!jsonContentType(req.headers['content-type'])) {
    refuseTrpc(
      res,
      url,
      'UNSUPPORTED_MEDIA_TYPE',
      `content-type must be application/json, not ${req.headers['content-type'] ?? 'none'}`,
    );
    return false;
  }
  const logins = trpcProcedures(url).procedures.filter((name) => passwordChecks.has(name)).length;
  if (logins > 0) {
    const admitted = services.loginThrottle.admit(origin.clientAddress, logins);
    if (!admitted.ok) {
      await services.events.record({
        kind: 'auth.login.failed',
        severity: 'warning',
        actor: `anonymous@${origin.clientAddress}`,
        subject: 'auth.login',
        message: `login from ${origin.clientAddress} throttled${admitted.global ? ' (global ceiling)' : ''}: ${logins} attempt(s) refused`,
      });
      refuseTrpc(
        res,
        url,
        'TOO_MANY_REQUESTS',
        `too many login attempts${admitted.global ? ' on this control plane' : ` from ${origin.clientAddress}`}: try again in ${admitted.retryAfterSeconds} s`,
        { 'retry-after': String(admitted.retryAfterSeconds) },
      );
      return false;
    }
  }
  return true;
}
