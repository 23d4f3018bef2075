/**
 * How many SQL statements the control plane runs, and how long SQLite takes over them: the control
 * plane runs in the bench's process, and Prisma's SQLite adapter runs every statement through
 * better-sqlite3's Statement, whose methods this wraps while `counting` is on.
 */
import Database from 'better-sqlite3';

export interface SqlTally {
  statements: number;
  /** ms inside SQLite (better-sqlite3's calls), Prisma's own work around them left out. */
  sqliteMs: number;
  /** Statements by kind and table, e.g. `SELECT Sandbox`. */
  byTable: Map<string, number>;
}

type Method = (this: { source?: string }, ...args: unknown[]) => unknown;

function kindOf(sql: string): string {
  const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '?';
  const table = /\b(?:FROM|INTO|UPDATE)\s+[`"]?(?:main[`"]?\.[`"]?)?(\w+)/i.exec(sql)?.[1] ?? '';
  return `${verb} ${table}`.trim();
}

export function countSql(): {
  around<T>(work: () => Promise<T>): Promise<T>;
  tally: SqlTally;
  close(): void;
} {
  const probe = new Database(':memory:');
  const prototype = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, Method>;
  probe.close();
  const tally: SqlTally = { statements: 0, sqliteMs: 0, byTable: new Map() };
  let counting = false;
  const originals = new Map<string, Method>();
  for (const name of ['run', 'get', 'all', 'iterate']) {
    const original = prototype[name];
    if (original === undefined) continue;
    originals.set(name, original);
    prototype[name] = function (this, ...args) {
      if (!counting) return original.apply(this, args);
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        tally.sqliteMs += performance.now() - started;
        tally.statements += 1;
        const kind = kindOf(this.source ?? '');
        tally.byTable.set(kind, (tally.byTable.get(kind) ?? 0) + 1);
      }
    };
  }
  return {
    tally,
    async around(work) {
      counting = true;
      try {
        return await work();
      } finally {
        counting = false;
      }
    },
    close() {
      for (const [name, original] of originals) prototype[name] = original;
    },
  };
}
