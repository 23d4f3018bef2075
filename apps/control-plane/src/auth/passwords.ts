import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP's scrypt recommendation (Password Storage Cheat Sheet): N=2^17, r=8, p=1, so 128 MiB per
 * derivation. scrypt from node:crypto: memory-hard and needs no native addon.
 */
export const currentParams: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
const keyLength = 64;
// Node refuses anything over 32 MiB by default; 128·N·r of the current parameters must fit.
const maxmem = 256 * 1024 * 1024;

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, length, { ...params, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash`, parameters kept with the hash so they can be raised later. */
export async function hashPassword(password: string, params: ScryptParams = currentParams): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params, keyLength);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

interface StoredHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function parseStored(stored: string): StoredHash | null {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined || rest.length > 0) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every((value) => Number.isSafeInteger(value) && value > 0)) return null;
  return { params, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (parsed === null || parsed.hash.length === 0) return false;
  // Parameters scrypt refuses (N not a power of two, over maxmem) make the hash unusable, not a 500.
  const key = await derive(password, parsed.salt, parsed.params, parsed.hash.length).catch(() => null);
  return key !== null && timingSafeEqual(key, parsed.hash);
}

/** True for a hash made at other parameters than today's: rehash it at the next successful login. */
export function needsRehash(stored: string): boolean {
  const parsed = parseStored(stored);
  return (
    parsed === null ||
    parsed.params.N !== currentParams.N ||
    parsed.params.r !== currentParams.r ||
    parsed.params.p !== currentParams.p
  );
}

let dummy: Promise<string> | undefined;

/**
 * A hash of a random password at the current parameters, made once: checking an unknown username
 * against it costs what checking a real one costs, so the answer's timing does not tell which exist.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(18).toString('base64url'));
  return dummy;
}

/** A password for the first admin: 18 random bytes, easy to copy. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
