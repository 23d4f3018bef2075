import { randomBytes } from 'node:crypto';
import { chmod } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Db } from './client.js';

/**
 * A consistent copy of the live database, taken online: `VACUUM INTO` reads one snapshot of the
 * database (WAL included) inside a read transaction while writers go on, and writes a compact file.
 * The copy is made in the data directory (0700) and left for the owner alone (0600).
 */
export async function snapshotDatabase(db: Db, dataDir: string): Promise<string> {
  const path = resolve(join(dataDir, `backup-${randomBytes(8).toString('hex')}.db`));
  // SQL string literal: a quote in the data directory's path is doubled.
  await db.$executeRawUnsafe(`VACUUM INTO '${path.replaceAll("'", "''")}'`);
  await chmod(path, 0o600);
  return path;
}
