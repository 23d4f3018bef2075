import { roleSchema, type Role } from '@switchyard/contracts';
import type { Db, Tx } from '../db/client.js';
import { digestSecret, generateSecret } from './secrets.js';

export interface Actor {
  username: string;
  role: Role;
}

/**
 * Ends every session of a user, but `keep` (the caller's own cookie, when they change their password);
 * inside the caller's transaction, so it goes with the change that calls for it.
 */
export async function endSessions(tx: Tx | Db, userId: string, keep?: string): Promise<number> {
  const { count } = await tx.session.deleteMany({
    where: { userId, ...(keep === undefined ? {} : { NOT: { tokenHash: digestSecret(keep) } }) },
  });
  return count;
}

/** Browser sessions: a random token in the cookie, its digest in the database. */
export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
  ) {}

  async create(userId: string): Promise<{ token: string; maxAgeSeconds: number }> {
    const token = generateSecret('sysess');
    await this.db.session.create({
      data: { tokenHash: digestSecret(token), userId, expiresAt: new Date(Date.now() + this.ttlMs) },
    });
    return { token, maxAgeSeconds: Math.floor(this.ttlMs / 1000) };
  }

  async resolve(token: string): Promise<Actor | null> {
    const session = await this.db.session.findUnique({
      where: { tokenHash: digestSecret(token) },
      include: { user: true },
    });
    if (session === null) return null;
    if (session.expiresAt <= new Date()) {
      await this.db.session.delete({ where: { id: session.id } }).catch(() => undefined);
      return null;
    }
    const role = roleSchema.safeParse(session.user.role);
    return role.success ? { username: session.user.username, role: role.data } : null;
  }

  async destroy(token: string): Promise<void> {
    await this.db.session.deleteMany({ where: { tokenHash: digestSecret(token) } });
  }
}
