import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Applies the committed migrations with `prisma migrate deploy` (offline: see scripts/prisma.mjs).
 * Runs at every start; it is a no-op when the database is current. `where` is the repository and
 * the environment to run it in (config.ts's migrationProcess).
 */
export async function migrateDatabase(
  databaseUrl: string,
  where: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<void> {
  if (databaseUrl.startsWith('file:'))
    mkdirSync(dirname(databaseUrl.slice('file:'.length)), { recursive: true });
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
}
