import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface AppliedMigration {
  name: string;
  checksum: string;
  finished: boolean;
  rolledBack: boolean;
}

/**
 * The committed migrations (name, sha256 of migration.sql: prisma's checksum) that the database has
 * not applied as they are now; empty when `prisma migrate deploy` would do nothing.
 */
export function pendingMigrations(
  committed: readonly { name: string; checksum: string }[],
  applied: readonly AppliedMigration[],
): string[] {
  return committed
    .filter(
      (migration) =>
        !applied.some(
          (row) =>
            row.name === migration.name &&
            row.checksum === migration.checksum &&
            row.finished &&
            !row.rolledBack,
        ),
    )
    .map((migration) => migration.name);
}

function committedMigrations(migrationsDir: string): { name: string; checksum: string }[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({
      name: entry.name,
      checksum: createHash('sha256')
        .update(readFileSync(join(migrationsDir, entry.name, 'migration.sql')))
        .digest('hex'),
    }));
}

function appliedMigrations(databaseFile: string): AppliedMigration[] {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        'SELECT migration_name AS name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolledBack FROM _prisma_migrations',
      )
      .all() as { name: string; checksum: string; finished: number; rolledBack: number }[];
    return rows.map((row) => ({ ...row, finished: row.finished === 1, rolledBack: row.rolledBack === 1 }));
  } finally {
    db.close();
  }
}

/**
 * Whether the SQLite database at `databaseFile` has every committed migration applied, read in a few
 * milliseconds: a restart then skips `prisma migrate deploy`, which takes one to two seconds to do
 * nothing. Anything unreadable (no file yet, no table) counts as not current.
 */
export function migrationsCurrent(databaseFile: string, migrationsDir: string): boolean {
  try {
    return (
      pendingMigrations(committedMigrations(migrationsDir), appliedMigrations(databaseFile)).length === 0
    );
  } catch {
    return false;
  }
}
