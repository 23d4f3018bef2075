import { builtinImages } from '@switchyard/contracts';
import { badParameter } from './docker-error.js';
import { sendJson } from './http-io.js';
import { toDockerImage, toDockerImageSummaries, withTag } from './images.js';
import { param, route, type RequestContext, type Route } from './router.js';

function list({ res, deps }: RequestContext): Promise<void> {
  sendJson(res, 200, toDockerImageSummaries(Math.floor(deps.startedAt.getTime() / 1000)));
  return Promise.resolve();
}

function inspect(context: RequestContext): Promise<void> {
  sendJson(context.res, 200, toDockerImage(param(context), context.deps.startedAt.toISOString()));
  return Promise.resolve();
}

/** `docker pull`, and `docker run` after "No such image": nothing is ever pulled. */
function pull({ query }: RequestContext): Promise<void> {
  const image = query.get('fromImage') ?? '';
  const tag = query.get('tag');
  const reference = tag === null || tag === '' ? withTag(image) : `${image}:${tag}`;
  throw badParameter(
    `cannot pull ${reference}: the process runtime runs only its built-in images (${builtinImages.join(', ')}) and pulls nothing`,
  );
}

export const imageRoutes: Route[] = [
  route('GET', /^\/images\/json$/, list),
  route('POST', /^\/images\/create$/, pull),
  route('GET', /^\/images\/(.+)\/json$/, inspect),
];
