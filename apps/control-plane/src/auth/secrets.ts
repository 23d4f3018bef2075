import { createHash, randomBytes } from 'node:crypto';

/** A bearer secret (a session, the local CLI token) with a prefix that says what it is. */
export function generateSecret(prefix: string): string {
  return `${prefix}-${randomBytes(32).toString('base64url')}`;
}

/**
 * Secrets are stored as SHA-256 digests: they are high-entropy random values, so a fast hash is
 * enough, and a copy of the database holds nothing that can be replayed.
 */
export function digestSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
