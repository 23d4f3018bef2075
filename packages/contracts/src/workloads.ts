/**
 * Images the process runtime runs without a registry. `switchyard/whoami` answers HTTP on port 80
 * with its name, addresses and the request's headers; `switchyard/toolbox` stays up so that dig,
 * curl, nc and ping can be run inside it.
 */
export const builtinImages = ['switchyard/whoami', 'switchyard/toolbox'] as const;
export type BuiltinImage = (typeof builtinImages)[number];

/** `switchyard/whoami:latest` and `switchyard/whoami` are the same image. */
export function normalizeImage(image: string): string {
  const trimmed = image.trim();
  return trimmed.endsWith(':latest') ? trimmed.slice(0, -':latest'.length) : trimmed;
}

export function isBuiltinImage(image: string): image is BuiltinImage {
  return (builtinImages as readonly string[]).includes(normalizeImage(image));
}
