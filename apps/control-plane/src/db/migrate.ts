import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrationsCurrent } from './migrations-current.js';

/**
 * Applies the committed migrations with `prisma migrate deploy` (offline: see scripts/prisma.mjs).
 * Runs at every start; it is a no-op when the database is current. `where` is the repository and
 * the environment to run it in (config.ts's migrationProcess).
 */
export async function migrateDatabase(
  databaseUrl: string,
  where: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<void> {
  if (databaseUrl.startsWith('file:')) {
    const file = databaseUrl.slice('file:'.length).split('?')[0] ?? '';
    privateDirectory(dirname(file));
    // A restart (the supervisor's, within 2 s) need not wait for prisma to find nothing to do.
    if (migrationsCurrent(file, join(where.cwd, 'prisma', 'migrations'))) {
      restrictDatabaseFiles(databaseUrl);
      return;
    }
  }
  const child = spawn(process.execPath, [join(where.cwd, 'scripts', 'prisma.mjs'), 'migrate', 'deploy'], {
    cwd: where.cwd,
    env: where.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0)
    throw new Error(`database migration failed (prisma migrate deploy exited ${code}):\n${output}`);
  restrictDatabaseFiles(databaseUrl);
}

/** Creates `dir` (and its parents) if needed and makes it the owner's alone: mode 0700. */
export function privateDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/**
 * The database holds password hashes and every secret's digest: mode 0600, its write-ahead log and
 * shared-memory files too (SQLite gives those the database's mode when it creates them).
 */
export function restrictDatabaseFiles(databaseUrl: string): void {
  if (!databaseUrl.startsWith('file:')) return;
  const file = databaseUrl.slice('file:'.length).split('?')[0] ?? '';
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`])
    if (existsSync(path)) chmodSync(path, 0o600);
}
