import { ServiceError } from '../errors.js';
import { badParameter, notFound } from './docker-error.js';
import { queryFlag, readJsonBody, sendEmpty, sendJson } from './http-io.js';
import { param, operator, viewer, route, type RequestContext, type Route } from './router.js';
import { toDockerPendingTasks, toDockerService, toDockerTask } from './service-json.js';
import { timeBound } from './log-frames.js';
import { sendLogStream } from './log-follow.js';
import { encodeServiceLogs } from './service-logs.js';
import { toServiceSpecInput } from './service-translate.js';
import {
  parseServiceFilters,
  parseTaskFilters,
  serviceMatches,
  pendingMatches,
  taskMatches,
} from './swarm-filters.js';
import { checkVersion, findService, networkRefs } from './swarm-lookup.js';

async function list(context: RequestContext): Promise<void> {
  const filters = parseServiceFilters(context.query.get('filters'));
  const [views, networks] = await Promise.all([context.deps.swarm.services.list(), networkRefs(context)]);
  const status = queryFlag(context.query, 'status');
  sendJson(
    context.res,
    200,
    views
      .filter((view) => serviceMatches(view, filters))
      .map((view) => toDockerService(view, networks, status)),
  );
}

async function inspect(context: RequestContext): Promise<void> {
  const [view, networks] = await Promise.all([findService(context, param(context)), networkRefs(context)]);
  sendJson(context.res, 200, toDockerService(view, networks, false));
}

async function create({ req, res, deps, actor }: RequestContext): Promise<void> {
  const spec = toServiceSpecInput(await readJsonBody(req));
  const view = await deps.swarm.services.create(spec, actor);
  sendJson(res, 201, { ID: view.id, Warnings: [] });
}

async function update(context: RequestContext): Promise<void> {
  const { req, res, deps, actor, query } = context;
  if (query.get('rollback') === 'previous') throw badParameter('rollback is not supported');
  const current = await findService(context, param(context));
  const version = checkVersion(query, current.version);
  const spec = toServiceSpecInput(await readJsonBody(req));
  await deps.swarm.services.update(current.id, spec, version, actor);
  sendJson(res, 200, { Warnings: [] });
}

async function remove(context: RequestContext): Promise<void> {
  const view = await findService(context, param(context));
  await context.deps.swarm.services.remove(view.id, context.actor);
  sendEmpty(context.res, 200);
}

async function logs(context: RequestContext): Promise<void> {
  const { query, res, deps } = context;
  const stdout = queryFlag(query, 'stdout');
  const stderr = queryFlag(query, 'stderr');
  if (!stdout && !stderr) throw badParameter('Bad parameters: you must choose at least one stream');
  const view = await findService(context, param(context));
  const tailText = query.get('tail') ?? 'all';
  const read = (tail: number | null) => deps.swarm.services.logs(view.id, { tail });
  const lines = await read(/^\d+$/.test(tailText) ? Number(tailText) : null);
  const options = {
    stdout,
    stderr,
    timestamps: queryFlag(query, 'timestamps'),
    details: queryFlag(query, 'details'),
    since: timeBound(query, 'since'),
    until: timeBound(query, 'until'),
  };
  await sendLogStream(
    res,
    lines,
    (batch) => encodeServiceLogs(batch, view.id, options),
    queryFlag(query, 'follow') ? { read } : null,
  );
}

async function listTasks(context: RequestContext): Promise<void> {
  const filters = parseTaskFilters(context.query.get('filters'));
  const { swarm } = context.deps;
  const [tasks, services, nodes, networks] = await Promise.all([
    swarm.services.tasks(),
    swarm.services.list(),
    swarm.nodes.list(),
    networkRefs(context),
  ]);
  sendJson(context.res, 200, [
    ...tasks
      .filter((task) => taskMatches(task, filters, { services, nodes }))
      .map((task) =>
        toDockerTask(
          task,
          services.find((s) => s.id === task.serviceId),
          networks,
        ),
      ),
    // Slots nothing could be placed for, on no node: shown unless the filters name a node or task.
    ...services
      .filter((service) => pendingMatches(service, filters))
      .flatMap((service) => toDockerPendingTasks(service, networks)),
  ]);
}

async function inspectTask(context: RequestContext): Promise<void> {
  const key = param(context);
  const tasks = await context.deps.swarm.services.tasks();
  const task = tasks.find((t) => t.id === key) ?? tasks.find((t) => key !== '' && t.id.startsWith(key));
  if (task === undefined) throw notFound(`no such task: ${key}`);
  const service = await context.deps.swarm.services.get(task.serviceId).catch((error: unknown) => {
    if (error instanceof ServiceError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  });
  sendJson(context.res, 200, toDockerTask(task, service, await networkRefs(context)));
}

export const serviceRoutes: Route[] = [
  route('GET', /^\/services\/?$/, viewer('service ls'), list),
  route('POST', /^\/services\/create$/, operator('service create'), create),
  route('GET', /^\/services\/([^/]+)$/, viewer('service inspect'), inspect),
  route('POST', /^\/services\/([^/]+)\/update$/, operator('service update'), update),
  route('DELETE', /^\/services\/([^/]+)$/, operator('service rm'), remove),
  route('GET', /^\/services\/([^/]+)\/logs$/, viewer('service logs'), logs),
  route('GET', /^\/tasks\/?$/, viewer('service ps'), listTasks),
  route('GET', /^\/tasks\/([^/]+)$/, viewer('task inspect'), inspectTask),
];
