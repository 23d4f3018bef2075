import { fileURLToPath } from 'node:url';
import { type BuiltinImage, builtinImages, isBuiltinImage, normalizeImage } from '@switchyard/contracts';

export type WorkloadResolution = { ok: true; argv: [string, ...string[]] } | { ok: false; error: string };

const whoamiScript = fileURLToPath(new URL('./whoami.mjs', import.meta.url));

/** Default commands of the built-in images: a small plain-JS server, and a process that only waits. */
const defaults: Record<BuiltinImage, [string, ...string[]]> = {
  'switchyard/whoami': [process.execPath, '--max-old-space-size=16', whoamiScript],
  'switchyard/toolbox': ['sleep', 'infinity'],
};

/**
 * What to run for an image and a command. A non-empty command replaces the image's default, as
 * CMD does in Docker; only the built-in images exist, since there is no registry to pull from.
 */
export function resolveWorkload(image: string, command: readonly string[]): WorkloadResolution {
  if (!isBuiltinImage(image))
    return {
      ok: false,
      error: `image "${image}" cannot run in the process runtime: built-in images are ${builtinImages.join(' and ')}`,
    };
  const [file, ...args] = command;
  return {
    ok: true,
    argv: file === undefined ? defaults[normalizeImage(image) as BuiltinImage] : [file, ...args],
  };
}
