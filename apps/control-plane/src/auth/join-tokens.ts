import { randomBytes } from 'node:crypto';
import { formatJoinToken, joinTokenPrefix, parseJoinToken } from '@switchyard/pki';
import type { Db, Tx } from '../db/client.js';
import type { EventLog } from '../events/event-log.js';
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

/** The local lab's token, issued at every start: rotation leaves it alone. */
export const localLabPurpose = 'local lab';
/** What `switchyard join-token` and a rotation issue. */
export const clusterJoinPurpose = 'join nodes';

/**
 * The cluster's current join token, as `switchyard join-token` and a rotation hand it out. Tokens
 * are stored as digests, so only the one issued by this process is known in full; after a restart
 * the next ask issues a new one.
 */
export class CurrentJoinToken {
  private current: IssuedJoinToken | undefined;

  constructor(
    private readonly db: Db,
    private readonly events: EventLog,
    private readonly caDigest: string,
    private readonly ttlMs: number,
  ) {}

  /** The current token while it is usable, else a new one. */
  async get(actor: string): Promise<IssuedJoinToken> {
    if (
      this.current !== undefined &&
      (await findUsableJoinToken(this.db, this.current.token, new Date())) !== null
    ) {
      return this.current;
    }
    this.current = await this.events.commit(
      (tx) => this.issue(tx, actor),
      (issued) => ({
        kind: 'token.created',
        severity: 'info',
        actor,
        subject: issued.id,
        message: `${actor} issued a join token for "${clusterJoinPurpose}"`,
      }),
    );
    return this.current;
  }

  /**
   * Revokes every usable join token but the local lab's and issues a new one. Nodes that joined
   * keep their certificates: a token is only for joining.
   */
  async rotate(actor: string): Promise<IssuedJoinToken> {
    this.current = await this.events.commit(
      async (tx) => {
        const { count } = await tx.joinToken.updateMany({
          where: { revokedAt: null, purpose: { not: localLabPurpose } },
          data: { revokedAt: new Date() },
        });
        return { ...(await this.issue(tx, actor)), revoked: count };
      },
      (issued) => ({
        kind: 'token.rotated',
        severity: 'info',
        actor,
        subject: issued.id,
        message: `${actor} rotated the join token: ${issued.revoked} token(s) revoked, joined nodes unaffected`,
      }),
    );
    return this.current;
  }

  private issue(tx: Tx, actor: string): Promise<IssuedJoinToken> {
    return issueJoinToken(tx, {
      purpose: clusterJoinPurpose,
      createdBy: actor,
      caDigest: this.caDigest,
      expiresAt: new Date(Date.now() + this.ttlMs),
    });
  }
}
