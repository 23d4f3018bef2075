import type { Tx } from '../db/client.js';
import { ServiceError } from '../errors.js';

interface Lookups<Row> {
  byId: (id: string) => Promise<Row | null>;
  byName: (name: string) => Promise<Row | null>;
  byPrefix: (prefix: string) => Promise<Row[]>;
}

/**
 * What may be an id's prefix: ids are at most 64 characters (networks' and containers' hex), so a
 * longer key is no prefix, and SQLite refuses a LIKE pattern past 50,000 bytes with an error.
 */
const idPrefix = /^[0-9a-z]{1,64}$/;

/** Docker's lookup order: full id, then name, then a unique id prefix. */
async function lookup<Row>(lookups: Lookups<Row>, key: string, what: string, field: string): Promise<Row> {
  const found = (await lookups.byId(key)) ?? (await lookups.byName(key));
  if (found !== null) return found;
  if (idPrefix.test(key)) {
    const matches = await lookups.byPrefix(key);
    if (matches.length > 1) {
      throw new ServiceError(
        'BAD_REQUEST',
        `${what} ${key} is ambiguous (more than one id starts with it)`,
        field,
      );
    }
    if (matches[0] !== undefined) return matches[0];
  }
  throw new ServiceError('NOT_FOUND', `No such ${what}: ${key}`, field);
}

export function findNetwork(tx: Tx, key: string, field = 'network') {
  return lookup(
    {
      byId: (id) => tx.network.findUnique({ where: { id } }),
      byName: (name) => tx.network.findUnique({ where: { name } }),
      byPrefix: (prefix) => tx.network.findMany({ where: { id: { startsWith: prefix } }, take: 2 }),
    },
    key.trim(),
    'network',
    field,
  );
}

export function findContainer(tx: Tx, key: string, field = 'container') {
  return lookup(
    {
      byId: (id) => tx.sandbox.findUnique({ where: { id } }),
      byName: (name) => tx.sandbox.findUnique({ where: { name } }),
      byPrefix: (prefix) => tx.sandbox.findMany({ where: { id: { startsWith: prefix } }, take: 2 }),
    },
    key.trim().replace(/^\//, ''),
    'container',
    field,
  );
}

export function findService(tx: Tx, key: string, field = 'service') {
  return lookup(
    {
      byId: (id) => tx.service.findUnique({ where: { id } }),
      byName: (name) => tx.service.findUnique({ where: { name } }),
      byPrefix: (prefix) => tx.service.findMany({ where: { id: { startsWith: prefix } }, take: 2 }),
    },
    key.trim(),
    'service',
    field,
  );
}
