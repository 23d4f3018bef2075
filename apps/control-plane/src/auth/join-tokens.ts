import { randomBytes } from 'node:crypto';
import { formatJoinToken, joinTokenPrefix, parseJoinToken } from '@switchyard/pki';
import type { Db, Tx } from '../db/client.js';
import { digestSecret } from './secrets.js';

export { joinTokenPrefix };

export interface IssuedJoinToken {
  id: string;
  /** Shown once; only its digest is kept. */
  token: string;
  expiresAt: Date;
}

/**
 * A join token pinning the cluster CA (`SYJOIN-1-<CA digest>-<secret>`): an agent given it trusts
 * only a control plane whose chain ends at that CA. Every token expires.
 */
export async function issueJoinToken(
  db: Db | Tx,
  input: { purpose: string; createdBy: string; caDigest: string; expiresAt: Date },
): Promise<IssuedJoinToken> {
  const token = formatJoinToken(input.caDigest, randomBytes(32).toString('base64url'));
  const row = await db.joinToken.create({
    data: {
      tokenHash: digestSecret(token),
      // The prefix and version say nothing; the start of the secret tells tokens apart.
      hint: `${joinTokenPrefix}-…-${token.slice(-43, -38)}`,
      purpose: input.purpose,
      createdBy: input.createdBy,
      expiresAt: input.expiresAt,
    },
  });
  return { id: row.id, token, expiresAt: input.expiresAt };
}

/** The token's id when it is of our format, known, not revoked and not expired; null otherwise. */
export async function findUsableJoinToken(db: Db | Tx, token: string, now: Date): Promise<string | null> {
  if (parseJoinToken(token) === undefined) return null;
  const row = await db.joinToken.findUnique({ where: { tokenHash: digestSecret(token) } });
  if (row === null || row.revokedAt !== null) return null;
  if (row.expiresAt !== null && row.expiresAt <= now) return null;
  return row.id;
}
