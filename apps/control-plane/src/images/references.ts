/**
 * Image references as Docker shows them: `nginx:1.25`, `switchyard/busybox-httpd:latest`,
 * `registry.example:5000/team/app:v2`. Docker Hub's `docker.io/library/` prefix is dropped, and a
 * reference without a tag means `:latest`.
 */

const hubPrefixes = ['docker.io/library/', 'index.docker.io/library/', 'docker.io/', 'index.docker.io/'];

/** The reference's repository part has no tag after its last `/`. */
function hasTag(reference: string): boolean {
  const lastPart = reference.slice(reference.lastIndexOf('/') + 1);
  return lastPart.includes(':') || lastPart.includes('@');
}

/** `docker.io/library/nginx` → `nginx:latest`. */
export function familiarReference(reference: string): string {
  let name = reference.trim();
  for (const prefix of hubPrefixes) {
    if (name.startsWith(prefix)) {
      name = name.slice(prefix.length);
      break;
    }
  }
  return hasTag(name) ? name : `${name}:latest`;
}

const referencePattern =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?$/;

/** Docker's grammar for a name with an optional tag (no digest): what `docker tag` accepts. */
export function isValidReference(reference: string): boolean {
  return reference.length <= 255 && referencePattern.test(reference);
}

/** A full sha256 id, or a prefix of its hex (with or without `sha256:`) of at least 4 digits. */
export function idPrefix(text: string): string | null {
  const hex = text.startsWith('sha256:') ? text.slice('sha256:'.length) : text;
  return /^[0-9a-f]{4,64}$/.test(hex) ? hex : null;
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
