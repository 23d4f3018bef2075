import { createHash } from 'node:crypto';
import { builtinImages, isBuiltinImage, normalizeImage } from '@switchyard/contracts';
import { notFound } from './docker-error.js';

type ExposedPort = { port: number; protocol: 'tcp' | 'udp' };

/** What each built-in image listens on: Docker merges an image's ports into the container's, for `-P`. */
const exposedPorts: Record<(typeof builtinImages)[number], ExposedPort[]> = {
  'switchyard/whoami': [{ port: 80, protocol: 'tcp' }],
  'switchyard/toolbox': [],
};

export function imageExposedPorts(image: string): ExposedPort[] {
  return isBuiltinImage(image) ? exposedPorts[normalizeImage(image) as (typeof builtinImages)[number]] : [];
}

export function portKeys(ports: readonly ExposedPort[]): Record<string, object> {
  return Object.fromEntries(ports.map(({ port, protocol }) => [`${port}/${protocol}`, {}]));
}

/** A stable image ID derived from the name: built-in images have no layers to hash. */
export function imageId(image: string): string {
  return `sha256:${createHash('sha256').update(normalizeImage(image)).digest('hex')}`;
}

/** Docker's image reference without a tag means `:latest`, and that is how the CLI names it. */
export function withTag(image: string): string {
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  return lastPart.includes(':') || lastPart.includes('@') ? image : `${image}:latest`;
}

export function noSuchImage(image: string): Error {
  return notFound(`No such image: ${withTag(image)}`);
}

/**
 * The built-in image a reference names: its name, or its id (`sha256:…` or a prefix of the hex),
 * which is what a container's `Image` holds and `docker-compose images` asks for.
 */
function builtinImage(reference: string): (typeof builtinImages)[number] | undefined {
  if (isBuiltinImage(reference)) return normalizeImage(reference) as (typeof builtinImages)[number];
  const hex = reference.replace(/^sha256:/, '');
  if (!/^[0-9a-f]{12,64}$/.test(hex)) return undefined;
  return builtinImages.find((name) => imageId(name).slice('sha256:'.length).startsWith(hex));
}

/**
 * `GET /images/{name}/json` for a built-in image, by name or id. It keeps the legacy `ContainerConfig`
 * that dockerd dropped in API 1.45: docker-compose 1.29 negotiates the newest version and still reads
 * it when it recreates a container (its KeyError 'ContainerConfig' against Docker 25 and later).
 */
export function toDockerImage(image: string, created: string) {
  const name = builtinImage(image);
  if (name === undefined) throw noSuchImage(image);
  const config = {
    Env: [],
    Cmd: [],
    Entrypoint: null,
    ExposedPorts: portKeys(exposedPorts[name]),
    Labels: {},
  };
  return {
    Id: imageId(name),
    RepoTags: [`${name}:latest`],
    RepoDigests: [],
    Parent: '',
    Comment: 'built into the Switchyard process runtime',
    Created: created,
    DockerVersion: '',
    Author: 'Switchyard',
    Config: config,
    Container: '',
    ContainerConfig: config,
    Architecture: process.arch === 'arm64' ? 'arm64' : 'amd64',
    Os: 'linux',
    Size: 0,
    GraphDriver: { Name: 'switchyard', Data: null },
    RootFS: { Type: 'layers', Layers: [] },
    Metadata: { LastTagTime: '0001-01-01T00:00:00Z' },
  };
}

/** `GET /images/json`: the built-in images, as `docker images` lists them. */
export function toDockerImageSummaries(createdSeconds: number) {
  return builtinImages.map((name) => ({
    Id: imageId(name),
    ParentId: '',
    RepoTags: [`${name}:latest`],
    RepoDigests: [],
    Created: createdSeconds,
    Size: 0,
    SharedSize: -1,
    Labels: {},
    Containers: -1,
  }));
}
