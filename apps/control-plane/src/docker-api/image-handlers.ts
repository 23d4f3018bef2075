import type { ServerResponse } from 'node:http';
import { isBuiltinImage } from '@switchyard/contracts';
import { ServiceError } from '../errors.js';
import { shortId } from '../images/references.js';
import { DockerApiError, badParameter } from './docker-error.js';
import { booleanFilter, parseFilters } from './filters.js';
import { queryFlag, sendEmpty, sendJson } from './http-io.js';
import {
  builtinImage,
  imageId,
  noSuchImage,
  toDockerImage,
  toDockerImageSummaries,
  toDockerImageSummary,
  toDockerLoadedImage,
  withTag,
} from './images.js';
import { param, operator, viewer, route, type RequestContext, type Route } from './router.js';

/** Docker's JSON message stream (`docker load`, `docker pull`): one object per line. */
function startStream(res: ServerResponse): (message: object) => void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  return (message) => res.write(`${JSON.stringify(message)}\n`);
}

/** An error inside a stream already answered 200, as the CLI prints it (and exits 1). */
const streamError = (message: string) => ({ errorDetail: { message }, error: message });

function matchesReference(references: readonly string[], wanted: string): boolean {
  const name = withTag(wanted);
  return references.some((reference) => reference === name || reference.split(':')[0] === wanted);
}

/** `docker images [name]`: built-in images, then the loaded and pulled ones with their hosts. */
async function list({ res, deps, query }: RequestContext): Promise<void> {
  const filters = parseFilters(query.get('filters'), ['reference', 'dangling']);
  const wanted = filters.get('reference') ?? [];
  const dangling = booleanFilter(filters, 'dangling');
  const builtins = toDockerImageSummaries(Math.floor(deps.startedAt.getTime() / 1000));
  const loaded = (await deps.images.list())
    .filter((view) => view.source !== 'builtin')
    .map(toDockerImageSummary);
  const all = [...builtins, ...loaded].filter(
    (image) =>
      (dangling === null || dangling === (image.RepoTags.length === 0)) &&
      (wanted.length === 0 || wanted.some((name) => matchesReference(image.RepoTags, name))),
  );
  sendJson(res, 200, all);
}

async function inspect(context: RequestContext): Promise<void> {
  const name = param(context);
  if (builtinImage(name) !== undefined) {
    sendJson(context.res, 200, toDockerImage(name, context.deps.startedAt.toISOString()));
    return;
  }
  sendJson(context.res, 200, toDockerLoadedImage(await context.deps.images.get(name)));
}

/**
 * `docker load`: the archive is stored while it arrives and read; the answer comes once every
 * ready host with a container runtime holds what it loaded, or after a bounded wait naming those
 * that do not.
 */
async function load({ req, res, deps, actor }: RequestContext): Promise<void> {
  const images = await deps.images.load(req, actor);
  const send = startStream(res);
  const waiting = await deps.images.awaitHosts(images.map((image) => image.id));
  for (const image of images) {
    if (image.references.length === 0) send({ stream: `Loaded image ID: ${image.id}\n` });
    for (const reference of image.references) send({ stream: `Loaded image: ${reference}\n` });
  }
  if (waiting.length > 0) {
    const hosts = waiting.map((host) =>
      host.error === undefined ? host.name : `${host.name} (${host.error})`,
    );
    send(streamError(`loaded, but not yet on every container host: ${hosts.join('; ')}`));
  }
  res.end();
}

/** `docker rmi`: untags, or deletes; built-in images stay. */
async function remove(context: RequestContext): Promise<void> {
  const name = param(context);
  if (isBuiltinImage(name)) {
    throw new DockerApiError(
      409,
      `conflict: unable to remove ${withTag(name)}: it is built into the process runtime`,
    );
  }
  const removed = await context.deps.images.remove(
    name,
    { force: queryFlag(context.query, 'force') },
    context.actor,
  );
  sendJson(context.res, 200, removed);
}

/** `docker tag SOURCE TARGET`: `repo` and `tag` in the query. */
async function tag(context: RequestContext): Promise<void> {
  const repo = context.query.get('repo') ?? '';
  const version = context.query.get('tag') ?? '';
  if (repo === '') throw badParameter('repository name must be given (repo)');
  const source = param(context);
  if (isBuiltinImage(source))
    throw badParameter(`${withTag(source)} is built into the process runtime and cannot be tagged`);
  await context.deps.images.tag(source, version === '' ? repo : `${repo}:${version}`, context.actor);
  sendEmpty(context.res, 201);
}

/** `docker pull`, and `docker run` after "No such image": one host pulls, then every host does. */
async function pull({ query, res, deps, actor }: RequestContext): Promise<void> {
  if (query.get('fromSrc') !== null) throw badParameter('docker import is not supported: use docker load');
  const image = query.get('fromImage') ?? '';
  if (image === '') throw badParameter('fromImage must be given');
  const version = query.get('tag');
  const reference =
    version === null || version === ''
      ? withTag(image)
      : version.startsWith('sha256:')
        ? `${image}@${version}`
        : `${image}:${version}`;
  if (isBuiltinImage(reference)) {
    const send = startStream(res);
    send({ status: `Status: Image is up to date for ${withTag(reference)}` });
    res.end();
    return;
  }
  const pulled = await deps.images.pull(reference, actor).catch((error: unknown) => {
    // Docker answers a registry's refusal before any progress, in its error shape.
    if (error instanceof ServiceError)
      throw new DockerApiError(error.code === 'UNAVAILABLE' ? 503 : 404, error.message);
    throw error;
  });
  const send = startStream(res);
  const tagPart = withTag(reference).slice(withTag(reference).lastIndexOf(':') + 1);
  send({ status: `Pulling from ${image}`, id: tagPart });
  for (const layer of pulled.config.diffIds)
    send({ status: 'Pull complete', progressDetail: {}, id: shortId(layer) });
  send({ status: `Digest: ${pulled.id}` });
  send({ status: `Status: Downloaded newer image for ${withTag(reference)}` });
  res.end();
}

/**
 * `docker service create` asks the registry for the image's digest to pin it; built-in and loaded
 * images answer with their id, which the Engine API strips again from the spec.
 */
async function distribution(context: RequestContext): Promise<void> {
  const image = param(context);
  const platform = (architecture: string, os: string) => [{ architecture, os }];
  if (isBuiltinImage(image)) {
    sendJson(context.res, 200, {
      Descriptor: { mediaType: 'application/vnd.oci.image.index.v1+json', digest: imageId(image), size: 0 },
      Platforms: platform(process.arch === 'arm64' ? 'arm64' : 'amd64', 'linux'),
    });
    return;
  }
  const found = await context.deps.images.get(image).catch(() => {
    throw noSuchImage(image);
  });
  sendJson(context.res, 200, {
    Descriptor: {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: found.id,
      size: found.size,
    },
    Platforms: platform(found.config.architecture, found.config.os),
  });
}

export const imageRoutes: Route[] = [
  route('GET', /^\/images\/json$/, viewer('image ls'), list),
  route('POST', /^\/images\/create$/, operator('image pull'), pull),
  route('POST', /^\/images\/load$/, operator('image load'), load),
  route('GET', /^\/images\/(.+)\/json$/, viewer('image inspect'), inspect),
  route('POST', /^\/images\/(.+)\/tag$/, operator('image tag'), tag),
  route('DELETE', /^\/images\/(.+)$/, operator('image rm'), remove),
  route('GET', /^\/distribution\/(.+)\/json$/, viewer('image inspect'), distribution),
];
