/**
 * A reference as containerd stores it: `nginx` is `docker.io/library/nginx:latest`, as Docker reads
 * it (a first component with a dot or a colon, or `localhost`, names a registry).
 */
export function normalizeReference(reference: string): string {
  const slash = reference.indexOf('/');
  const first = slash === -1 ? '' : reference.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  let name = hasRegistry ? reference : `docker.io/${reference}`;
  if (!hasRegistry && slash === -1) name = `docker.io/library/${reference}`;
  const lastPart = name.slice(name.lastIndexOf('/') + 1);
  return lastPart.includes(':') || lastPart.includes('@') ? name : `${name}:latest`;
}

/** The registry host a reference pulls from. */
export function registryOf(reference: string): string {
  const normalized = normalizeReference(reference);
  const host = normalized.slice(0, normalized.indexOf('/'));
  return host === 'docker.io' ? 'registry-1.docker.io' : host;
}

/** The name the agent keeps each image under, whatever its tags: found again by its id alone. */
export function idReference(id: string): string {
  return `switchyard.internal/image:${id.replace(/^sha256:/, '')}`;
}
