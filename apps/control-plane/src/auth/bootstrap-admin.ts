import type { Db } from '../db/client.js';
import { generatePassword, hashPassword } from './passwords.js';

/**
 * On the first start (no users yet) creates `admin`, with SWITCHYARD_ADMIN_PASSWORD or a generated
 * password. Returns the generated password so it can be printed once; it is stored only as a hash.
 */
export async function bootstrapAdmin(db: Db, configuredPassword: string | undefined): Promise<string | null> {
  if ((await db.user.count()) > 0) return null;
  const password = configuredPassword ?? generatePassword();
  await db.user.create({
    data: { username: 'admin', role: 'admin', passwordHash: await hashPassword(password) },
  });
  return configuredPassword === undefined ? password : null;
}
