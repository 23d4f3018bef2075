import { builtinImages, isBuiltinImage } from '@switchyard/contracts';
import { badParameter } from './docker-error.js';
import { sendJson } from './http-io.js';
import { imageId, noSuchImage, toDockerImage, toDockerImageSummaries, withTag } from './images.js';
import { param, operator, viewer, route, type RequestContext, type Route } from './router.js';

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

/**
 * `docker service create` asks the registry for the image's digest to pin it; built-in images answer
 * with their id, which the Engine API strips again from the spec.
 */
function distribution(context: RequestContext): Promise<void> {
  const image = param(context);
  if (!isBuiltinImage(image)) throw noSuchImage(image);
  sendJson(context.res, 200, {
    Descriptor: { mediaType: 'application/vnd.oci.image.index.v1+json', digest: imageId(image), size: 0 },
    Platforms: [{ architecture: process.arch === 'arm64' ? 'arm64' : 'amd64', os: 'linux' }],
  });
  return Promise.resolve();
}

export const imageRoutes: Route[] = [
  route('GET', /^\/images\/json$/, viewer('image ls'), list),
  route('POST', /^\/images\/create$/, operator('image pull'), pull),
  route('GET', /^\/images\/(.+)\/json$/, viewer('image inspect'), inspect),
  route('GET', /^\/distribution\/(.+)\/json$/, viewer('image inspect'), distribution),
];
