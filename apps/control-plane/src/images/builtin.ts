import { createHash } from 'node:crypto';
import {
  builtinImages,
  isBuiltinImage,
  normalizeImage,
  type Digest,
  type Protocol,
} from '@switchyard/contracts';

/**
 * The process runtime's built-in images: no layers, no config, run by the agent itself. They keep
 * their names' stable ids and their EXPOSE lines.
 */

const exposedByImage: Record<(typeof builtinImages)[number], { port: number; protocol: Protocol }[]> = {
  'switchyard/whoami': [{ port: 80, protocol: 'tcp' }],
  'switchyard/toolbox': [],
};

/** A stable id derived from the name: built-in images have no config to hash. */
export function builtinImageId(image: string): Digest {
  return `sha256:${createHash('sha256').update(normalizeImage(image)).digest('hex')}` as Digest;
}

export function builtinExposedPorts(image: string): { port: number; protocol: Protocol }[] {
  return isBuiltinImage(image) ? exposedByImage[normalizeImage(image) as (typeof builtinImages)[number]] : [];
}
