import { isBuiltinImage, type Digest, type HealthCheck, type Protocol } from '@switchyard/contracts';
import type { Tx } from '../db/client.js';
import { builtinExposedPorts } from '../images/builtin.js';
import { findImage } from '../images/image-rows.js';
import { noSuchImage } from '../images/image-service.js';
import { imageHealthCheck } from '../images/workload.js';
import { familiarReference } from '../images/references.js';
import type { ImageNeed } from '../placement/image-hosts.js';

/** What a container (or task) takes from its image when it is created: Docker pins the image's id. */
export interface RunImage {
  /** null for a built-in image (the process runtime runs it). */
  imageId: Digest | null;
  /** The image's EXPOSE lines: what `-P` publishes besides `--expose`. */
  exposed: { port: number; protocol: Protocol }[];
  /** The image's HEALTHCHECK, used when the request has none. */
  healthCheck: HealthCheck | null;
  /** What placement must find on a node; null: every node runs it. */
  need: ImageNeed | null;
}

/** The image a container asks for: a built-in one, or one loaded or pulled (404 otherwise, as Docker). */
export async function runImage(tx: Tx, image: string): Promise<RunImage> {
  if (isBuiltinImage(image)) {
    return { imageId: null, exposed: builtinExposedPorts(image), healthCheck: null, need: null };
  }
  const found = await findImage(tx, image);
  if (found === null) throw noSuchImage(image);
  return {
    imageId: found.id,
    exposed: found.config.exposedPorts,
    healthCheck: imageHealthCheck(found.config.healthcheck),
    need: { reference: familiarReference(image), id: found.id },
  };
}
