import type { ContainerView } from '@switchyard/contracts';
import { maxDurationMs, signalRequestSchema } from '@switchyard/contracts';
import type { ContainerState } from '../containers/api.js';
import { attach } from './attach.js';
import { ServiceError } from '../errors.js';
import { containerMatches, parseContainerFilters } from './container-filters.js';
import { toDockerContainer, toDockerContainerSummary } from './container-json.js';
import { toContainerCreateInput } from './container-translate.js';
import { badParameter } from './docker-error.js';
import { queryFlag, readJsonBody, sendEmpty, sendJson } from './http-io.js';
import { builtinExposedPorts } from '../images/builtin.js';
import { encodeLogs, timeBound } from './log-frames.js';
import { sendLogStream } from './log-follow.js';
import { param, operator, viewer, route, type RequestContext, type Route } from './router.js';

const waitPollMs = 250;

async function list({ res, query, deps }: RequestContext): Promise<void> {
  const filters = parseContainerFilters(query.get('filters'));
  const limit = Number(query.get('limit') ?? '-1');
  const views = await deps.containers.list({ all: queryFlag(query, 'all') || limit > 0 });
  // Newest first, as `docker ps` lists them; `-n`/`--last` keeps the first `limit`.
  const matching = views
    .filter((view) => containerMatches(view, filters))
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const now = Date.now();
  sendJson(
    res,
    200,
    (limit > 0 ? matching.slice(0, limit) : matching).map((view) => toDockerContainerSummary(view, now)),
  );
}

async function inspect(context: RequestContext): Promise<void> {
  sendJson(context.res, 200, toDockerContainer(await context.deps.containers.get(param(context))));
}

/** An image neither built in nor loaded is "No such image" (from the service), so the CLI tries a pull. */
async function create({ req, res, query, deps, actor }: RequestContext): Promise<void> {
  const input = toContainerCreateInput(await readJsonBody(req), query.get('name'));
  const expose = [...(input.expose ?? []), ...builtinExposedPorts(input.image)];
  const view = await deps.containers.create({ ...input, expose }, actor);
  sendJson(res, 201, { Id: view.id, Warnings: [] });
}

const isUp = (view: Pick<ContainerView, 'status'>): boolean =>
  view.status === 'running' || view.status === 'restarting';

async function start(context: RequestContext): Promise<void> {
  const { deps, actor, res } = context;
  const view = await deps.containers.get(param(context));
  if (isUp(view)) return sendEmpty(res, 304);
  await deps.containers.start(view.id, actor);
  sendEmpty(res, 204);
}

/** A stop timeout above a day would overflow the wait's timer (maxDurationMs). */
const maxStopSeconds = maxDurationMs / 1000;

function stopTimeout(query: URLSearchParams): number | undefined {
  const text = query.get('t');
  if (text === null || text === '') return undefined;
  // Whole decimal seconds, as Go's strconv.Atoi reads them: Number() would also take " ", 0x10 and 1e3.
  const seconds = /^[+-]?\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(seconds) || seconds < -1)
    throw badParameter(`invalid t: "${text}" is not a number of seconds`);
  if (seconds > maxStopSeconds)
    throw badParameter(`invalid t: ${seconds} s is above the maximum of ${maxStopSeconds} s (24 h)`);
  return seconds;
}

async function stop(context: RequestContext): Promise<void> {
  const { deps, actor, res, query } = context;
  const timeout = stopTimeout(query);
  const view = await deps.containers.get(param(context));
  if (!isUp(view)) return sendEmpty(res, 304);
  await deps.containers.stop(view.id, actor, timeout);
  sendEmpty(res, 204);
}

async function restart(context: RequestContext): Promise<void> {
  const { deps, actor, res, query } = context;
  const timeout = stopTimeout(query);
  const view = await deps.containers.get(param(context));
  if (isUp(view)) await deps.containers.stop(view.id, actor, timeout);
  await deps.containers.start(view.id, actor);
  sendEmpty(res, 204);
}

async function remove(context: RequestContext): Promise<void> {
  if (queryFlag(context.query, 'link')) throw badParameter('links are not supported');
  await context.deps.containers.remove(
    param(context),
    { force: queryFlag(context.query, 'force') },
    context.actor,
  );
  sendEmpty(context.res, 204);
}

/** `docker rename`, and docker-compose's recreate, which renames the old container aside first. */
async function rename(context: RequestContext): Promise<void> {
  const name = context.query.get('name');
  if (name === null || name === '') throw badParameter('invalid name: a new name is required');
  await context.deps.containers.rename(param(context), name, context.actor);
  sendEmpty(context.res, 204);
}

async function logs(context: RequestContext): Promise<void> {
  const { query, res, deps } = context;
  const stdout = queryFlag(query, 'stdout');
  const stderr = queryFlag(query, 'stderr');
  if (!stdout && !stderr) throw badParameter('Bad parameters: you must choose at least one stream');
  const tailText = query.get('tail') ?? 'all';
  const read = (tail: number | null) => deps.containers.logs(param(context), { tail });
  const lines = await read(/^\d+$/.test(tailText) ? Number(tailText) : null);
  const options = {
    stdout,
    stderr,
    timestamps: queryFlag(query, 'timestamps'),
    since: timeBound(query, 'since'),
    until: timeBound(query, 'until'),
  };
  await sendLogStream(
    res,
    lines,
    (batch) => encodeLogs(batch, options),
    queryFlag(query, 'follow') ? { read } : null,
  );
}

/** Whether `condition` of `POST /containers/{id}/wait` holds, given the state seen when waiting began. */
export function waitOver(condition: string, first: ContainerState, now: ContainerState | null): boolean {
  if (now === null) return true;
  if (condition === 'removed') return false;
  if (condition === 'next-exit') return !isUp(now) && (isUp(first) || now.finishedAt !== first.finishedAt);
  return !isUp(now);
}

/**
 * Streams the headers at once and the exit status when the condition holds: `docker run` opens this
 * before it starts the container, and drops it once a detached container has started.
 */
async function wait(context: RequestContext): Promise<void> {
  const { deps, res, query } = context;
  const condition = query.get('condition') ?? 'not-running';
  if (!['not-running', 'next-exit', 'removed'].includes(condition)) {
    throw badParameter(`invalid condition: "${condition}" (not-running, next-exit or removed)`);
  }
  // One lookup before the headers: `docker run` sends its start only once they are here.
  const first = await deps.containers.state(param(context));
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.flushHeaders();
  let closed = false;
  res.once('close', () => (closed = true));
  let last: ContainerState = first;
  for (;;) {
    // The client (a detached `docker run`) or the server's shutdown may have ended the request.
    if (closed) return;
    const now = await deps.containers.state(first.id).catch((error: unknown) => {
      if (error instanceof ServiceError && error.code === 'NOT_FOUND') return null;
      throw error;
    });
    if (closed) return;
    if (waitOver(condition, first, now)) {
      // A --rm container may be gone before its exit was seen here: the remover kept the code.
      const exitCode = now === null ? (deps.autoRemover.exitCodeOf(first.id) ?? last.exitCode) : now.exitCode;
      res.end(JSON.stringify({ StatusCode: exitCode ?? 0, Error: null }));
      return;
    }
    last = now ?? last;
    await new Promise((resolve) => setTimeout(resolve, waitPollMs));
  }
}

/** `docker kill -s`: SIGKILL unless a signal is named. */
async function kill(context: RequestContext): Promise<void> {
  const signal = context.query.get('signal') || 'SIGKILL';
  const parsed = signalRequestSchema.shape.signal.safeParse(signal);
  if (!parsed.success) throw badParameter(`Invalid signal: ${signal}`);
  await context.deps.containers.kill(param(context), parsed.data, context.actor);
  sendEmpty(context.res, 204);
}

/** `docker top`: the columns of `ps -ef`; other ps options are not offered. */
async function top(context: RequestContext): Promise<void> {
  const psArgs = context.query.get('ps_args') ?? '';
  if (psArgs !== '' && psArgs !== '-ef') {
    throw badParameter(`ps_args "${psArgs}" are not supported: docker top lists the columns of ps -ef`);
  }
  const list = await context.deps.containers.top(param(context));
  sendJson(context.res, 200, { Titles: list.titles, Processes: list.processes });
}

export const containerRoutes: Route[] = [
  route('GET', /^\/containers\/json$/, viewer('container ls'), list),
  route('POST', /^\/containers\/create$/, operator('container create'), create),
  route('GET', /^\/containers\/([^/]+)\/json$/, viewer('container inspect'), inspect),
  route('POST', /^\/containers\/([^/]+)\/start$/, operator('container start'), start),
  route('POST', /^\/containers\/([^/]+)\/stop$/, operator('container stop'), stop),
  route('POST', /^\/containers\/([^/]+)\/restart$/, operator('container restart'), restart),
  route('POST', /^\/containers\/([^/]+)\/wait$/, viewer('container wait'), wait),
  route('POST', /^\/containers\/([^/]+)\/attach$/, operator('container attach'), attach),
  route('POST', /^\/containers\/([^/]+)\/kill$/, operator('container kill'), kill),
  route('GET', /^\/containers\/([^/]+)\/top$/, viewer('container top'), top),
  route('GET', /^\/containers\/([^/]+)\/logs$/, viewer('container logs'), logs),
  route('POST', /^\/containers\/([^/]+)\/rename$/, operator('container rename'), rename),
  route('DELETE', /^\/containers\/([^/]+)$/, operator('container rm'), remove),
];
