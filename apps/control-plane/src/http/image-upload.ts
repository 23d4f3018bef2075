import type { IncomingMessage, ServerResponse } from 'node:http';
import { roleAllows, type ImageLoadResult } from '@switchyard/contracts';
import { ServiceError } from '../errors.js';
import { resolveActor, type Services } from '../trpc/context.js';
import { crossSiteRefusal } from './cross-origin.js';
import { requestOrigin } from './request-origin.js';

/** The dashboard's image upload: a tar body, answered with contracts' ImageLoadResult. */
export const uploadPath = '/ui/images/load';

/** Bodies a cross-site form cannot send: anything else needs a CORS preflight this server never grants. */
const archiveTypes = new Set(['application/x-tar', 'application/octet-stream']);

const statusOf = {
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAVAILABLE: 503,
} as const;

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message: string,
  field?: string,
): void {
  // The body is not read: the connection closes rather than draining an archive nobody wants.
  res.setHeader('connection', 'close');
  answer(res, status, { error: { message, ...(field === undefined ? {} : { field }) } });
  req.resume();
}

/**
 * `POST /ui/images/load`: authenticated as tRPC is (the session cookie, same-origin checks), for
 * the operator role; the archive is stored while it arrives and its images recorded.
 */
export async function handleImageUpload(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
): Promise<void> {
  if (req.method !== 'POST')
    return refuse(req, res, 405, `${req.method} is not allowed: POST an image archive`);
  const origin = requestOrigin(req, services.config.webProxySecret);
  const crossSite = crossSiteRefusal(
    req,
    { configured: services.config.webOrigins, webPort: services.config.webPort },
    origin.dashboardHost,
  );
  if (crossSite !== null) {
    await services.events.record({
      kind: 'auth.denied',
      severity: 'warning',
      actor: `anonymous@${origin.clientAddress}`,
      subject: uploadPath,
      message: `POST ${uploadPath} refused: ${crossSite}`,
    });
    return refuse(req, res, 403, `refused: ${crossSite}; only the dashboard may make changes`);
  }
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!archiveTypes.has(mediaType)) {
    return refuse(
      req,
      res,
      415,
      `content-type must be application/x-tar or application/octet-stream, not ${req.headers['content-type'] ?? 'none'}`,
      'archive',
    );
  }
  const { actor } = await resolveActor(services, req.headers.cookie, req.headers.authorization);
  if (actor === null) {
    await services.events.record({
      kind: 'auth.denied',
      severity: 'warning',
      actor: `anonymous@${origin.clientAddress}`,
      subject: uploadPath,
      message: `POST ${uploadPath} refused: no valid session`,
    });
    return refuse(req, res, 401, 'log in first: no valid session');
  }
  if (!roleAllows(actor.role, 'operator')) {
    await services.events.record({
      kind: 'auth.denied',
      severity: 'warning',
      actor: actor.username,
      subject: uploadPath,
      message: `${actor.username} (${actor.role}) may not load images: it needs the operator role`,
    });
    return refuse(
      req,
      res,
      403,
      `the ${actor.role} role cannot do this: loading an image needs the operator role`,
    );
  }
  try {
    const images = await services.images.load(req, actor.username);
    const result: ImageLoadResult = { images };
    answer(res, 200, result);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    refuse(req, res, statusOf[error.code], error.message, error.field);
  }
}
