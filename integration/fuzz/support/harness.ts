import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  closeTestCluster,
  startTestCluster,
  testAdminPassword,
  type TestCluster,
} from '../../../apps/control-plane/src/test-support/test-cluster.js';
import { openTransport, type Answer, type FuzzTransport } from './transport.js';

// The running control plane every fuzz file sends its bad input to, and the checks made after each
// batch: the process still answers, and the store is as it was before the first bad input.

/** Refusals are recorded by design; the audit log is not part of what bad input must leave alone. */
const excludedTables = new Set(['Event']);

/** Columns that change with time or with an agent's heartbeat and reports, bad input or not. */
const volatileColumns: Record<string, ReadonlySet<string>> = {
  Session: new Set(['lastSeenAt']),
  Node: new Set(['lastHeartbeatAt', 'observedAt']),
};

interface Column {
  name: string;
  pk: number;
}

/**
 * A SHA-256 over every row of every table but the excluded ones, ordered by primary key, without
 * the volatile columns, read through `db`, a read-only connection of the test's own.
 */
export function storeDigest(db: Database.Database): Record<string, string> {
  const digests: Record<string, string> = {};
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  for (const { name } of tables) {
    if (excludedTables.has(name)) continue;
    const columns = db.prepare(`PRAGMA table_info("${name}")`).all() as Column[];
    const kept = columns.filter((column) => !volatileColumns[name]?.has(column.name));
    const keys = columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk);
    const order = (keys.length > 0 ? keys : kept).map((column) => `"${column.name}"`).join(', ');
    const rows = db
      .prepare(
        `SELECT ${kept.map((column) => `"${column.name}"`).join(', ')} FROM "${name}" ORDER BY ${order}`,
      )
      .raw()
      .all();
    const text = JSON.stringify(rows, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
    digests[name] = createHash('sha256').update(text).digest('hex');
  }
  return digests;
}

export interface FuzzCluster {
  cluster: TestCluster;
  transport: FuzzTransport;
  /** The store's digest (by table) once the cluster settled; every batch of bad input must leave it so. */
  baseline: Record<string, string>;
  /** How many bad inputs were sent, by interface, for the report. */
  sent: Map<string, number>;
  digest(): Record<string, string>;
  close(): Promise<void>;
}

/** The SQLite file of `file:<path>`, the URL the test cluster's config gives. */
function databaseFile(cluster: TestCluster): string {
  return cluster.controlPlane.config.databaseUrl.replace(/^file:/, '');
}

/**
 * Starts the control plane with its Engine API on a free loopback port and one fake agent, lets
 * `setUp` create what the properties aim at, waits for the store to settle and takes its digest.
 */
export async function startFuzzCluster(
  name: string,
  setUp: (fuzz: Omit<FuzzCluster, 'baseline' | 'close'>) => Promise<void> = async () => {},
): Promise<FuzzCluster> {
  const cluster = await startTestCluster(`fuzz-${name}`, { engineApi: true });
  await cluster.join('fuzz-a', ['192.168.77.0/24'], {
    underlayAddress: '192.168.77.10',
    capabilities: ['nftables', 'vxlan', 'macvlan'],
  });
  const transport = await openTransport(cluster, { username: 'admin', password: testAdminPassword });
  // One read-only connection for every digest: each read sees the last commit (WAL).
  const reader = new Database(databaseFile(cluster), { readonly: true, fileMustExist: true });
  const digest = () => storeDigest(reader);
  const sent = new Map<string, number>();
  await setUp({ cluster, transport, sent, digest });
  // The agent's reports to the last push land within moments; then nothing changes by itself.
  let baseline = digest();
  for (let settled = 0; settled < 4;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = digest();
    settled = JSON.stringify(now) === JSON.stringify(baseline) ? settled + 1 : 0;
    baseline = now;
  }
  return {
    cluster,
    transport,
    baseline,
    sent,
    digest,
    close: async () => {
      reader.close();
      await closeTestCluster(cluster);
    },
  };
}

/** Counts `count` more inputs sent to `iface`. */
function countSent(fuzz: Pick<FuzzCluster, 'sent'>, iface: string, count: number): void {
  fuzz.sent.set(iface, (fuzz.sent.get(iface) ?? 0) + count);
}

/** The `message` of an answer in Docker's `{"message": ...}` or tRPC's error shape(s). */
export function messagesOf(answer: Answer): string[] {
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return [];
  }
  const one = (item: unknown): string | undefined => {
    if (typeof item !== 'object' || item === null) return undefined;
    const record = item as { message?: unknown; error?: { message?: unknown } };
    const message = record.error?.message ?? record.message;
    return typeof message === 'string' ? message : undefined;
  };
  const items = Array.isArray(body) ? body : [body];
  return items.map(one).filter((message): message is string => message !== undefined);
}

/** A refusal: a 4xx whose body names the problem in a non-empty message (each, for a batch). */
export function expectRefusal(answer: Answer, what: string): void {
  const context = `${answer.status} ${answer.text.slice(0, 300)} <- ${what.slice(0, 1_000)}`;
  expect(answer.status, context).toBeGreaterThanOrEqual(400);
  expect(answer.status, context).toBeLessThan(500);
  const messages = messagesOf(answer);
  expect(messages.length, context).toBeGreaterThan(0);
  for (const message of messages) expect(message.trim(), context).not.toBe('');
}

export interface FuzzOptions {
  /** Property runs; each sends `batch` inputs. */
  runs: number;
  batch: number;
}

/**
 * Sends every generated input through `send` (which checks the answer), one after the other, and
 * checks the store after each so a change names its input; after each batch, the process's health.
 * A failure stops the run without shrinking: once the store changed, later inputs prove nothing.
 */
export async function fuzzInterface<T>(
  fuzz: FuzzCluster,
  iface: string,
  arbitrary: fc.Arbitrary<T>,
  options: FuzzOptions,
  send: (input: T) => Promise<void>,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      fc.array(arbitrary, { minLength: options.batch, maxLength: options.batch }),
      async (inputs) => {
        for (const input of inputs) {
          await send(input);
          countSent(fuzz, iface, 1);
          expect(fuzz.digest(), `store changed by ${JSON.stringify(input)?.slice(0, 2_000)}`).toEqual(
            fuzz.baseline,
          );
        }
        expect(await fuzz.transport.healthy(), `control plane down after ${iface} input`).toBe(true);
      },
    ),
    { numRuns: options.runs, endOnFailure: true },
  );
}
