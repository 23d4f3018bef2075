import type { Db } from '../db/client.js';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './passwords.js';

export interface AuthenticatedUser {
  id: string;
  username: string;
  role: string;
}

/**
 * The user whose password this is, or null. An unknown username is checked against a dummy hash, so
 * it takes as long as a wrong password. A hash at older parameters is upgraded while the plain
 * password is at hand, the only time it is.
 */
export async function authenticate(
  db: Db,
  username: string,
  password: string,
): Promise<AuthenticatedUser | null> {
  const user = await db.user.findUnique({ where: { username } });
  const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (user === null || !valid) return null;
  if (needsRehash(user.passwordHash)) {
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  }
  return { id: user.id, username: user.username, role: user.role };
}
