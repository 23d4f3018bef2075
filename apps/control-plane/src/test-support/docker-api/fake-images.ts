import { builtinImages } from '@switchyard/contracts';
import { ServiceError } from '../../errors.js';
import type { ImageService } from '../../images/api.js';
import { builtinImageId } from '../../images/builtin.js';
import { familiarReference } from '../../images/references.js';

/** An image store with nothing loaded and no container host: what a cluster of process runtimes has. */
export function fakeImages(): ImageService {
  const none = (name: string) =>
    new ServiceError('NOT_FOUND', `No such image: ${familiarReference(name)}`, 'image');
  return {
    load: () => Promise.reject(new ServiceError('BAD_REQUEST', 'the fake loads nothing', 'archive')),
    awaitHosts: () => Promise.resolve([]),
    list: () =>
      Promise.resolve(
        builtinImages.map((name) => ({
          id: builtinImageId(name),
          references: [`${name}:latest`],
          size: 0,
          layers: 0,
          createdAt: null,
          source: 'builtin' as const,
          runtime: 'process' as const,
          config: null,
          hosts: [],
          containers: 0,
        })),
      ),
    get: (name) => Promise.reject(none(name)),
    remove: (name) => Promise.reject(none(name)),
    tag: (name) => Promise.reject(none(name)),
    pull: (reference) =>
      Promise.reject(
        new ServiceError(
          'UNAVAILABLE',
          `cannot pull ${familiarReference(reference)}: no ready host has a container runtime`,
        ),
      ),
  };
}
