import { describe, expect, it } from 'vitest';
import { pendingMigrations } from './migrations-current.js';

const committed = [
  { name: '0001_init', checksum: 'a' },
  { name: '0002_next', checksum: 'b' },
];
const done = (name: string, checksum: string) => ({ name, checksum, finished: true, rolledBack: false });

describe('pendingMigrations', () => {
  it('is empty when every committed migration is applied as it is', () => {
    expect(pendingMigrations(committed, [done('0001_init', 'a'), done('0002_next', 'b')])).toEqual([]);
  });

  it('names a migration not applied, applied from another text, unfinished or rolled back', () => {
    expect(pendingMigrations(committed, [done('0001_init', 'a')])).toEqual(['0002_next']);
    expect(pendingMigrations(committed, [done('0001_init', 'x'), done('0002_next', 'b')])).toEqual([
      '0001_init',
    ]);
    expect(
      pendingMigrations(committed, [
        { ...done('0001_init', 'a'), finished: false },
        { ...done('0002_next', 'b'), rolledBack: true },
      ]),
    ).toEqual(['0001_init', '0002_next']);
  });
});
