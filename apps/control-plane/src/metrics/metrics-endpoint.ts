import type { IncomingMessage, ServerResponse } from 'node:http';
import { prometheusContentType } from '@switchyard/contracts';
import { digestSecret } from '../auth/secrets.js';
import { requestOrigin } from '../http/request-origin.js';
import { resolveActor, type Services } from '../trpc/context.js';

export const metricsPath = '/metrics';
const nodePrefix = '/metrics/nodes/';

/** `/metrics` and `/metrics/nodes/<name>`, and nothing else, belong to this endpoint. */
export function isMetricsPath(path: string): boolean {
  return path === metricsPath || path.startsWith(nodePrefix);
}

function answer(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * Who may read the metrics: a Prometheus server with the scrape token (`<data dir>/metrics-token`,
 * which opens nothing else), the local CLI's token, or a user's session of any role (a viewer reads).
 * Anyone else gets 401, recorded as `auth.denied`.
 */
async function admitted(req: IncomingMessage, services: Services): Promise<boolean> {
  const authorization = req.headers.authorization;
  const bearer = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
  if (bearer !== undefined && digestSecret(bearer) === services.metricsTokenDigest) return true;
  const { actor } = await resolveActor(services, req.headers.cookie, authorization);
  if (actor !== null) return true;
  const origin = requestOrigin(req, services.config.webProxySecret);
  await services.events.record({
    kind: 'auth.denied',
    severity: 'warning',
    actor: `anonymous@${origin.clientAddress}`,
    subject: metricsPath,
    message: `GET ${req.url ?? metricsPath} refused: no scrape token, session or CLI token`,
  });
  return false;
}

/**
 * The control plane's metrics at `/metrics`; a node agent's, relayed over its channel, at
 * `/metrics/nodes/<name>` (so a scraper beyond a host never needs the agent's loopback listener).
 */
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return answer(res, 405, `${req.method ?? ''} is not allowed here: use GET\n`);
  }
  if (!(await admitted(req, services))) {
    res.setHeader('www-authenticate', 'Bearer realm="switchyard-metrics"');
    return answer(
      res,
      401,
      'metrics need a scrape token (Bearer, see <data dir>/metrics-token) or a session\n',
    );
  }
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path === metricsPath) return answer(res, 200, await services.metrics.text(), prometheusContentType);
  let name: string;
  try {
    name = decodeURIComponent(path.slice(nodePrefix.length));
  } catch {
    return answer(res, 400, 'node: a malformed %-escape in the name\n');
  }
  const node = await services.db.node.findUnique({ where: { name }, select: { id: true } });
  if (node === null) return answer(res, 404, `no node named "${name}"\n`);
  const relayed = await services.agentHub.metrics(node.id).catch((error: unknown) => ({
    ok: false as const,
    error: error instanceof Error ? error.message : String(error),
  }));
  if (relayed === null) return answer(res, 503, `the agent of ${name} is not connected\n`);
  if (!relayed.ok) return answer(res, 502, `the agent of ${name} did not answer: ${relayed.error}\n`);
  return answer(res, 200, relayed.text, prometheusContentType);
}
