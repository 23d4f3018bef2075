import type { Db, Tx } from '../db/client.js';
import { digestSecret, generateSecret } from './secrets.js';

export const joinTokenPrefix = 'syjoin';

export interface IssuedJoinToken {
  id: string;
  /** Shown once; only its digest is kept. */
  token: string;
}

export async function issueJoinToken(
  db: Db | Tx,
  input: { purpose: string; createdBy: string; expiresAt?: Date | null },
): Promise<IssuedJoinToken> {
  const token = generateSecret(joinTokenPrefix);
  const row = await db.joinToken.create({
    data: {
      tokenHash: digestSecret(token),
      hint: token.slice(0, joinTokenPrefix.length + 5),
      purpose: input.purpose,
      createdBy: input.createdBy,
      expiresAt: input.expiresAt ?? null,
    },
  });
  return { id: row.id, token };
}

/** The token's id when it is known, not revoked and not expired; null otherwise. */
export async function findUsableJoinToken(db: Db | Tx, token: string, now: Date): Promise<string | null> {
  const row = await db.joinToken.findUnique({ where: { tokenHash: digestSecret(token) } });
  if (row === null || row.revokedAt !== null) return null;
  if (row.expiresAt !== null && row.expiresAt <= now) return null;
  return row.id;
}
