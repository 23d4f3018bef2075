import * as crypto from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../db/client.js';
import { authenticate } from './authenticate.js';
import { currentParams, dummyHash, hashPassword, needsRehash } from './passwords.js';

// Each test runs several scrypt derivations at OWASP's parameters (~0.4 s each, more on a busy machine).
const slow = 30_000;

// Every scrypt derivation goes through this spy, so a test can count them.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, scrypt: vi.fn(actual.scrypt) };
});
const derivations = vi.mocked(crypto.scrypt);

interface Row {
  id: string;
  username: string;
  role: string;
  passwordHash: string;
}

/** The two calls authenticate makes on the store, over a map. */
function fakeDb(rows: Row[]): { db: Db; rows: Map<string, Row> } {
  const byName = new Map(rows.map((row) => [row.username, row]));
  const user = {
    findUnique: ({ where }: { where: { username: string } }) =>
      Promise.resolve(byName.get(where.username) ?? null),
    update: ({ where, data }: { where: { id: string }; data: { passwordHash: string } }) => {
      const row = [...byName.values()].find((candidate) => candidate.id === where.id);
      if (row !== undefined) row.passwordHash = data.passwordHash;
      return Promise.resolve(row);
    },
  };
  return { db: { user } as unknown as Db, rows: byName };
}

beforeEach(async () => {
  await dummyHash();
  derivations.mockClear();
});

describe('authenticate', { timeout: slow }, () => {
  it('upgrades a hash made at older parameters on a successful login, in place', async () => {
    const old = await hashPassword('an old password', { N: 16_384, r: 8, p: 1 });
    const { db, rows } = fakeDb([{ id: 'u1', username: 'olga', role: 'viewer', passwordHash: old }]);

    expect(await authenticate(db, 'olga', 'an old password')).toMatchObject({ username: 'olga' });
    const upgraded = rows.get('olga')?.passwordHash ?? '';
    expect(upgraded).not.toBe(old);
    expect(upgraded.startsWith(`scrypt$${currentParams.N}$8$1$`)).toBe(true);
    expect(needsRehash(upgraded)).toBe(false);
    // The upgraded hash is the same password.
    expect(await authenticate(db, 'olga', 'an old password')).not.toBeNull();
    expect(rows.get('olga')?.passwordHash).toBe(upgraded);
  });

  it('leaves an old hash alone when the password is wrong', async () => {
    const old = await hashPassword('an old password', { N: 16_384, r: 8, p: 1 });
    const { db, rows } = fakeDb([{ id: 'u1', username: 'olga', role: 'viewer', passwordHash: old }]);
    expect(await authenticate(db, 'olga', 'not it')).toBeNull();
    expect(rows.get('olga')?.passwordHash).toBe(old);
  });

  it('runs one derivation at the current parameters for an unknown user, as for a known one', async () => {
    const { db } = fakeDb([
      { id: 'u1', username: 'kim', role: 'admin', passwordHash: await hashPassword('kim password') },
    ]);
    derivations.mockClear();

    expect(await authenticate(db, 'kim', 'wrong password')).toBeNull();
    expect(derivations).toHaveBeenCalledTimes(1);
    const known = derivations.mock.calls[0]?.[3];

    derivations.mockClear();
    expect(await authenticate(db, 'nobody', 'wrong password')).toBeNull();
    expect(derivations).toHaveBeenCalledTimes(1);
    expect(derivations.mock.calls[0]?.[3]).toMatchObject({ N: currentParams.N, r: 8, p: 1 });
    expect(derivations.mock.calls[0]?.[3]).toEqual(known);
  });
});
