import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '@prisma/client';

export type Db = PrismaClient;
/** The client handed to `db.$transaction(async (tx) => ...)` callbacks. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export function openDatabase(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl }) });
}

/**
 * Write-ahead logging, synced at checkpoints: a commit appends to the log instead of syncing a
 * rollback journal and the database twice, and SQLite runs on the event loop, so every agent report
 * waited out those syncs. A crash of the process loses nothing; a power cut may lose the last
 * commits but never corrupts the file, and agents report their state again on reconnect.
 */
export async function tuneDatabase(db: Db): Promise<void> {
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
}
