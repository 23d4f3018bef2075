import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '@prisma/client';

export type Db = PrismaClient;
/** The client handed to `db.$transaction(async (tx) => ...)` callbacks. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export function openDatabase(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl }) });
}

/**
 * Write-ahead logging with synchronous=FULL: a commit appends to the log and syncs it before the
 * call returns, so a write the API acknowledged survives a power cut as well as a crash (NORMAL
 * syncs only at checkpoints and may lose the last commits). WAL makes that one sync of the log per
 * commit instead of a rollback journal's two; measured on this project's CI disk, about 0.3 ms per
 * commit against 0.03 ms with NORMAL.
 */
export async function tuneDatabase(db: Db): Promise<void> {
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA synchronous = FULL');
}
