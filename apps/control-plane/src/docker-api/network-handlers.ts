import { dockerNetworkDisconnectSchema } from '@switchyard/contracts';
import { ServiceError } from '../errors.js';
import { parseBody } from './parse-body.js';
import { parseFilters } from './filters.js';
import { readJsonBody, sendEmpty, sendJson } from './http-io.js';
import {
  networkMatches,
  networkPruneFilterKeys,
  parseNetworkFilters,
  pruneCandidates,
} from './network-filters.js';
import { toConnectRequest, toDockerNetwork, toNetworkCreateInput } from './network-translate.js';
import { param, route, operator, viewer, type RequestContext, type Route } from './router.js';

async function list({ res, query, deps }: RequestContext): Promise<void> {
  const filters = parseNetworkFilters(query.get('filters'));
  const views = await deps.networks.list();
  sendJson(
    res,
    200,
    views.filter((view) => networkMatches(view, filters)).map((view) => toDockerNetwork(view)),
  );
}

async function inspect(context: RequestContext): Promise<void> {
  const verbose = ['1', 'true'].includes(context.query.get('verbose') ?? '');
  sendJson(context.res, 200, toDockerNetwork(await context.deps.networks.get(param(context)), verbose));
}

async function create({ req, res, deps, actor }: RequestContext): Promise<void> {
  const input = toNetworkCreateInput(await readJsonBody(req));
  const view = await deps.networks.create(input, actor);
  sendJson(res, 201, { Id: view.id, Warning: '' });
}

async function remove(context: RequestContext): Promise<void> {
  await context.deps.networks.remove(param(context), context.actor);
  sendEmpty(context.res, 204);
}

async function connect(context: RequestContext): Promise<void> {
  const { container, options } = toConnectRequest(await readJsonBody(context.req));
  await context.deps.networks.connect(param(context), container, options, context.actor);
  sendEmpty(context.res, 200);
}

async function disconnect(context: RequestContext): Promise<void> {
  const request = parseBody(dockerNetworkDisconnectSchema, await readJsonBody(context.req));
  await context.deps.networks.disconnect(
    param(context),
    request.Container,
    request.Force ?? false,
    context.actor,
  );
  sendEmpty(context.res, 200);
}

/**
 * Without filters the service prunes in one step; with `--filter label=|until=` the matching unused
 * networks are removed one by one, and one that gained an endpoint meanwhile is skipped, as Docker does.
 */
async function prune({ res, query, deps, actor }: RequestContext): Promise<void> {
  const filters = parseFilters(query.get('filters'), networkPruneFilterKeys);
  if (filters.size === 0) {
    sendJson(res, 200, { NetworksDeleted: await deps.networks.prune(actor) });
    return;
  }
  const deleted: string[] = [];
  for (const view of pruneCandidates(await deps.networks.list(), filters, Date.now())) {
    try {
      await deps.networks.remove(view.id, actor);
      deleted.push(view.name);
    } catch (error) {
      const skipped = error instanceof ServiceError && ['CONFLICT', 'NOT_FOUND'].includes(error.code);
      if (!skipped) throw error;
    }
  }
  sendJson(res, 200, { NetworksDeleted: deleted });
}

export const networkRoutes: Route[] = [
  route('GET', /^\/networks\/?$/, viewer('network ls'), list),
  route('POST', /^\/networks\/create$/, operator('network create'), create),
  route('POST', /^\/networks\/prune$/, operator('network prune'), prune),
  route('GET', /^\/networks\/([^/]+)$/, viewer('network inspect'), inspect),
  route('DELETE', /^\/networks\/([^/]+)$/, operator('network rm'), remove),
  route('POST', /^\/networks\/([^/]+)\/connect$/, operator('network connect'), connect),
  route('POST', /^\/networks\/([^/]+)\/disconnect$/, operator('network disconnect'), disconnect),
];
