import { isBuiltinImage, normalizeImage, type Protocol } from '@switchyard/contracts';
import { ServiceError } from '../errors.js';

/** The built-in images' EXPOSE lines: what `-P` publishes without `--expose`. */
const exposedByImage: Record<string, { port: number; protocol: Protocol }[]> = {
  'switchyard/whoami': [{ port: 80, protocol: 'tcp' }],
};

export function checkImage(image: string): void {
  if (!isBuiltinImage(image)) {
    throw new ServiceError(
      'NOT_FOUND',
      `No such image: ${image} (the process runtime runs switchyard/whoami and switchyard/toolbox)`,
      'image',
    );
  }
}

export function imageExposedPorts(image: string): { port: number; protocol: Protocol }[] {
  return exposedByImage[normalizeImage(image)] ?? [];
}
