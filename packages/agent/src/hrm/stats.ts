import { createConnection } from 'node:net';
import type { RouteCounters } from '@switchyard/contracts';
import { routeIdOf } from './render-haproxy.js';

type StatusCounts = RouteCounters['status'];
const statusClasses = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** One route's backend as the current worker counts it (from 0 when the worker started). */
export interface WorkerCounters {
  requests: number;
  status: StatusCounts;
  /** HAProxy's mean response time over the last 1024 requests; undefined in tcp mode. */
  responseMs: number | undefined;
}

export interface StatsSample {
  /** The worker's pid (`show info`): a new one means every counter started again from 0. */
  worker: number | undefined;
  routes: Map<string, WorkerCounters>;
}

/** The answer to `show info;show stat`, reduced to each route backend's counters; pure. */
export function parseStats(text: string): StatsSample {
  const lines = text.split('\n');
  const pid = lines.map((line) => /^Pid: (\d+)$/.exec(line)?.[1]).find((value) => value !== undefined);
  const header = lines.find((line) => line.startsWith('# '));
  const columns = new Map((header?.slice(2).split(',') ?? []).map((name, i) => [name, i]));
  const routes = new Map<string, WorkerCounters>();
  for (const line of lines) {
    const values = line.split(',');
    const field = (name: string) => values[columns.get(name) ?? -1] ?? '';
    const count = (name: string) => Number(field(name)) || 0;
    const routeId = routeIdOf(field('pxname'));
    if (routeId === undefined || field('svname') !== 'BACKEND') continue;
    const tcp = field('mode') === 'tcp';
    routes.set(routeId, {
      // TLS passthrough sees connections, not requests.
      requests: count(tcp ? 'stot' : 'req_tot'),
      status: Object.fromEntries(statusClasses.map((code) => [code, count(`hrsp_${code}`)])) as StatusCounts,
      responseMs: tcp ? undefined : count('rtime'),
    });
  }
  return { worker: pid === undefined ? undefined : Number(pid), routes };
}

type Totals = Pick<WorkerCounters, 'requests' | 'status'>;

interface Worker {
  pid: number | undefined;
  routes: Map<string, WorkerCounters>;
}

/**
 * Route counters since the proxy started, across reloads. Each reload starts a worker counting
 * from 0, and for a moment the old one may still answer the stats socket: the two newest workers'
 * counts are kept apart, and what older ones counted becomes a per-route offset.
 */
export class CounterBook {
  private offsets = new Map<string, Totals>();
  private workers: Worker[] = [];
  private responseMs = new Map<string, number>();

  add(sample: StatsSample): RouteCounters[] {
    let worker = this.workers.find((candidate) => candidate.pid === sample.worker);
    if (worker === undefined) {
      if (this.workers.length === 2) this.retire(this.workers.shift());
      worker = { pid: sample.worker, routes: new Map() };
      this.workers.push(worker);
    }
    const newest = worker === this.workers.at(-1);
    for (const [routeId, now] of sample.routes) {
      const last = worker.routes.get(routeId);
      // Totals going down: the counters were cleared, so what they had counted is kept aside.
      if (last !== undefined && now.requests < last.requests) this.offset(routeId, last);
      worker.routes.set(routeId, now);
      if (newest && now.responseMs !== undefined && now.requests > 0)
        this.responseMs.set(routeId, now.responseMs);
    }
    return this.counters();
  }

  /** The routes the newest worker serves, with everything counted for them so far. */
  counters(): RouteCounters[] {
    const routes = [...(this.workers.at(-1)?.routes.keys() ?? [])];
    return routes.map((routeId) => {
      const parts = [this.offsets.get(routeId), ...this.workers.map((worker) => worker.routes.get(routeId))];
      const total = parts.reduce<Totals>((sum, part) => (part === undefined ? sum : add(sum, part)), zero);
      const responseMs = this.responseMs.get(routeId) ?? null;
      return { routeId, ...total, avgResponseMs: total.requests === 0 ? null : responseMs };
    });
  }

  clear(): void {
    this.offsets.clear();
    this.workers = [];
    this.responseMs.clear();
  }

  /** Folds a worker into the offsets, forgetting routes the workers after it no longer serve. */
  private retire(worker: Worker | undefined): void {
    for (const [routeId, counted] of worker?.routes ?? []) this.offset(routeId, counted);
    for (const routeId of [...this.offsets.keys()]) {
      if (this.workers.some((later) => later.routes.has(routeId))) continue;
      this.offsets.delete(routeId);
      this.responseMs.delete(routeId);
    }
  }

  private offset(routeId: string, counted: Totals): void {
    this.offsets.set(routeId, add(this.offsets.get(routeId) ?? zero, counted));
  }
}

const zero: Totals = {
  requests: 0,
  status: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
};

function add(a: Totals, b: Totals): Totals {
  const status = Object.fromEntries(statusClasses.map((code) => [code, a.status[code] + b.status[code]]));
  return { requests: a.requests + b.requests, status: status as StatusCounts };
}

/** Asks the worker behind HAProxy's stats socket for its info and counters. */
export function queryStats(socketPath: string, timeoutMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = createConnection(socketPath, () => socket.end('show info;show stat\n'));
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer on ${socketPath}`)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
