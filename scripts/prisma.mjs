#!/usr/bin/env node
// Runs the Prisma CLI offline. Prisma 6.19 otherwise tries to download native engines that
// this project never uses (the client runs on better-sqlite3, migrate uses the wasm engine).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const stub = join(root, 'scripts', 'prisma-engine-stub');
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? stub,
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? stub,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
  DATABASE_URL: process.env.DATABASE_URL ?? `file:${join(root, 'data', 'switchyard.db')}`,
};
// The driver adapter opens the database even to diff schemas, so its folder must exist.
mkdirSync(join(root, 'data'), { recursive: true });
const cli = join(root, 'node_modules', 'prisma', 'build', 'index.js');
// Prisma finds prisma/schema.prisma from the repository root by itself.
const args = [cli, ...process.argv.slice(2)];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', env, cwd: root });
process.exit(result.status ?? 1);
