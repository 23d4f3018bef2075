import { describe, expect, it, vi } from 'vitest';
import type { Tx } from '../db/client.js';
import { ServiceError } from '../errors.js';
import { findContainer, findNetwork, findService } from './lookup.js';

/** A transaction whose tables hold nothing, counting the prefix searches made. */
function emptyTx() {
  const findMany = vi.fn(async () => []);
  const table = { findUnique: async () => null, findMany };
  return { tx: { network: table, sandbox: table, service: table } as unknown as Tx, findMany };
}

describe('lookups by id, name or id prefix', () => {
  it('searches a key of up to 64 id characters as a prefix', async () => {
    const { tx, findMany } = emptyTx();
    await expect(findService(tx, 'a'.repeat(64))).rejects.toThrow(`No such service: ${'a'.repeat(64)}`);
    expect(findMany).toHaveBeenCalledOnce();
  });

  it('answers a longer key "no such" without a prefix search (SQLite refuses LIKE past 50,000 bytes)', async () => {
    const { tx, findMany } = emptyTx();
    for (const find of [findNetwork, findContainer, findService]) {
      const error = await find(tx, '9'.repeat(60_000)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).code).toBe('NOT_FOUND');
    }
    expect(findMany).not.toHaveBeenCalled();
  });
});
