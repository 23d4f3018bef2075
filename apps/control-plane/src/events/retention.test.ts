import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationProcess } from '../config.js';
import { openDatabase, type Db } from '../db/client.js';
import { migrateDatabase } from '../db/migrate.js';
import { pruneEvents, retentionCutoff } from './retention.js';

const day = 86_400_000;
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-retention-'));
  const url = `file:${join(dir, 'test.db')}`;
  await migrateDatabase(url, migrationProcess(url));
  db = openDatabase(url);
}, 60_000);

afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const now = new Date('2026-12-07T12:00:00Z');
const event = (ageMs: number, index: number) => ({
  at: new Date(now.getTime() - ageMs),
  kind: 'test.event',
  severity: 'info',
  actor: 'test',
  message: `event ${index}`,
});

describe('retentionCutoff', () => {
  it('keeps what is younger than the age bound and the newest rows up to the count', () => {
    expect(retentionCutoff({ maxAgeMs: 30 * day, maxRows: 100_000 }, now)).toEqual({
      before: new Date('2026-11-07T12:00:00Z'),
      keepNewest: 100_000,
    });
  });
});

describe('pruneEvents', () => {
  it('removes events older than the age bound, then the oldest beyond the row bound', async () => {
    await db.event.deleteMany();
    // 5 events 40 days old, 10 events 1..10 minutes old.
    await db.event.createMany({
      data: [
        ...Array.from({ length: 5 }, (_, i) => event(40 * day + i, i)),
        ...Array.from({ length: 10 }, (_, i) => event((i + 1) * 60_000, 100 + i)),
      ],
    });
    const removed = await pruneEvents(db, { maxAgeMs: 30 * day, maxRows: 6 }, now);
    expect(removed).toBe(9);
    const left = await db.event.findMany({ orderBy: { at: 'desc' } });
    expect(left.map((row) => row.message)).toEqual([
      'event 100',
      'event 101',
      'event 102',
      'event 103',
      'event 104',
      'event 105',
    ]);
    expect(await pruneEvents(db, { maxAgeMs: 30 * day, maxRows: 6 }, now)).toBe(0);
  });
});
