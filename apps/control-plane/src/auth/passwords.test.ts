import { describe, expect, it } from 'vitest';
import { currentParams, generatePassword, hashPassword, needsRehash, verifyPassword } from './passwords.js';

// Each test runs several scrypt derivations at OWASP's parameters (~0.4 s each, more on a busy machine).
const slow = 30_000;

const legacy = { N: 16_384, r: 8, p: 1 };

describe('password hashing', { timeout: slow }, () => {
  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
  });

  it('hashes at OWASP’s scrypt parameters, kept in the hash', async () => {
    expect(currentParams).toEqual({ N: 131_072, r: 8, p: 1 });
    expect((await hashPassword('x')).split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
  });

  it('still verifies a hash made at older parameters, and says it needs rehashing', async () => {
    const old = await hashPassword('old password', legacy);
    expect(old.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await verifyPassword('old password', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword('new password'))).toBe(false);
  });

  it('salts every hash, so equal passwords do not look equal', async () => {
    expect(await hashPassword('same-password', legacy)).not.toBe(await hashPassword('same-password', legacy));
  });

  it('refuses a malformed stored hash instead of throwing', async () => {
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$3$8$1$c2FsdA$aGFzaA')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$abc$8$1$c2FsdA$aGFzaA')).toBe(false);
    expect(await verifyPassword('x', `scrypt$${2 ** 24}$8$1$c2FsdA$aGFzaA`)).toBe(false);
  });

  it('generates long random passwords', () => {
    expect(generatePassword()).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });
});
