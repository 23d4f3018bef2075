// Prisma CLI configuration: migrations run through the wasm schema engine over the same
// better-sqlite3 driver the control plane uses, so nothing is downloaded (see scripts/prisma.mjs).
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  experimental: { adapter: true },
  engine: 'js',
  adapter: async () =>
    new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? 'file:data/switchyard.db' }),
});
