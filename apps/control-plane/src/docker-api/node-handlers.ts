import { readJsonBody, sendEmpty, sendJson } from './http-io.js';
import { toDockerNode, toNodeSpecChange } from './node-json.js';
import { param, route, admin, viewer, type RequestContext, type Route } from './router.js';
import { nodeMatches, parseNodeFilters } from './swarm-filters.js';
import { checkVersion, findNode } from './swarm-lookup.js';

async function list({ res, query, deps }: RequestContext): Promise<void> {
  const filters = parseNodeFilters(query.get('filters'));
  const nodes = await deps.swarm.nodes.list();
  sendJson(res, 200, nodes.filter((node) => nodeMatches(node, filters)).map(toDockerNode));
}

async function inspect(context: RequestContext): Promise<void> {
  sendJson(context.res, 200, toDockerNode(await findNode(context, param(context))));
}

async function update(context: RequestContext): Promise<void> {
  const node = await findNode(context, param(context));
  const version = checkVersion(context.query, node.version);
  const change = toNodeSpecChange(await readJsonBody(context.req));
  await context.deps.swarm.nodes.update(node.id, change, version, context.actor);
  sendEmpty(context.res, 200);
}

export const nodeRoutes: Route[] = [
  route('GET', /^\/nodes\/?$/, viewer('node ls'), list),
  route('GET', /^\/nodes\/([^/]+)$/, viewer('node inspect'), inspect),
  route('POST', /^\/nodes\/([^/]+)\/update$/, admin('node update'), update),
];
