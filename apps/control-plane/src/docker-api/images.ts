import { builtinImages, isBuiltinImage, normalizeImage, type ImageView } from '@switchyard/contracts';
import { builtinExposedPorts, builtinImageId } from '../images/builtin.js';
import type { ImageRecord } from '../images/image-rows.js';
import { familiarReference } from '../images/references.js';
import { notFound } from './docker-error.js';

type ExposedPort = { port: number; protocol: 'tcp' | 'udp' };

/** The label `docker images --format '{{.Labels}}'` shows: the hosts whose runtime holds the image. */
export const hostsLabel = 'com.switchyard.hosts';

export function portKeys(ports: readonly ExposedPort[]): Record<string, object> {
  return Object.fromEntries(ports.map(({ port, protocol }) => [`${port}/${protocol}`, {}]));
}

/** A stable image ID derived from the name: built-in images have no layers to hash. */
export const imageId = builtinImageId;

/** Docker's image reference without a tag means `:latest`, and that is how the CLI names it. */
export function withTag(image: string): string {
  return familiarReference(image);
}

export function noSuchImage(image: string): Error {
  return notFound(`No such image: ${withTag(image)}`);
}

const hostArchitecture = process.arch === 'arm64' ? 'arm64' : 'amd64';

/**
 * The built-in image a reference names: its name, or its id (`sha256:…` or a prefix of the hex),
 * which is what a container's `Image` holds and `docker-compose images` asks for.
 */
export function builtinImage(reference: string): (typeof builtinImages)[number] | undefined {
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
    ExposedPorts: portKeys(builtinExposedPorts(name)),
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
    Architecture: hostArchitecture,
    Os: 'linux',
    Size: 0,
    GraphDriver: { Name: 'switchyard', Data: null },
    RootFS: { Type: 'layers', Layers: [] },
    Metadata: { LastTagTime: '0001-01-01T00:00:00Z' },
  };
}

/** `GET /images/{name}/json` for a loaded or pulled image: Docker's shape, from its config. */
export function toDockerLoadedImage(image: ImageRecord) {
  const { config } = image;
  const health = config.healthcheck;
  const dockerConfig = {
    Hostname: '',
    Domainname: '',
    User: config.user,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    ExposedPorts: config.exposedPorts.length === 0 ? null : portKeys(config.exposedPorts),
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: config.env,
    Cmd: config.cmd,
    ...(health === null
      ? {}
      : {
          Healthcheck: {
            Test: health.test,
            Interval: health.intervalNs,
            Timeout: health.timeoutNs,
            StartPeriod: health.startPeriodNs,
            Retries: health.retries,
          },
        }),
    Image: '',
    Volumes: null,
    WorkingDir: config.workingDir,
    Entrypoint: config.entrypoint,
    OnBuild: null,
    Labels: config.labels,
    ...(config.stopSignal === null ? {} : { StopSignal: config.stopSignal }),
  };
  return {
    Id: image.id,
    RepoTags: image.references,
    RepoDigests: [],
    Parent: '',
    Comment:
      image.source.kind === 'archive' ? 'loaded from an archive' : `pulled from ${image.source.reference}`,
    Created: image.built ?? image.createdAt.toISOString(),
    DockerVersion: '',
    Author: '',
    Config: dockerConfig,
    Container: '',
    // docker-compose 1.29 still reads the legacy field (see toDockerImage).
    ContainerConfig: dockerConfig,
    Architecture: config.architecture,
    Os: config.os,
    Size: image.size,
    GraphDriver: { Name: 'overlayfs', Data: null },
    RootFS: { Type: 'layers', Layers: config.diffIds },
    Metadata: { LastTagTime: image.createdAt.toISOString() },
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

/** `GET /images/json` for a loaded or pulled image; its hosts in the `com.switchyard.hosts` label. */
export function toDockerImageSummary(view: ImageView) {
  const hosts = view.hosts.filter((host) => host.present).map((host) => host.name);
  return {
    Id: view.id,
    ParentId: '',
    RepoTags: view.references,
    RepoDigests: [],
    Created: Math.floor(new Date(view.createdAt ?? 0).getTime() / 1000),
    Size: view.size,
    SharedSize: -1,
    Labels: { ...(view.config?.labels ?? {}), [hostsLabel]: hosts.join(',') },
    Containers: view.containers,
  };
}
