import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WrkResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx/3xx answers plus socket errors: a proxy that fails fast must not look fast. */
  errors: number;
  /** What the errors were, as wrk counts them (empty when there were none). */
  detail: string;
}

/** wrk prints latencies as 812.00us, 1.23ms or 1.02s. */
function toMs(value: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(value);
  if (match === null) throw new Error(`wrk printed a latency I cannot read: ${value}`);
  const scale = { us: 0.001, ms: 1, s: 1_000, m: 60_000 }[match[2] as 'us' | 'ms' | 's' | 'm'];
  return Number(match[1]) * scale;
}

export function parseWrk(output: string): WrkResult {
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(output)?.[1];
  const p50 = /^\s+50%\s+(\S+)/m.exec(output)?.[1];
  const p99 = /^\s+99%\s+(\S+)/m.exec(output)?.[1];
  if (rps === undefined || p50 === undefined || p99 === undefined)
    throw new Error(`wrk printed no figures:\n${output}`);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = socket === null ? 0 : socket.slice(1).reduce((sum, n) => sum + Number(n), 0);
  const kinds = ['connect', 'read', 'write', 'timeout'].map(
    (kind, i) => [kind, Number(socket?.[i + 1] ?? 0)] as const,
  );
  const detail = [['non-2xx', non2xx] as const, ...kinds]
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  return { rps: Number(rps), p50Ms: toMs(p50), p99Ms: toMs(p99), errors: non2xx + socketErrors, detail };
}

/**
 * One wrk run (two threads, as many as the cores the proxies have) with latency percentiles. The
 * timeout is well above wrk's 2 s so that slow answers land in the p99 instead of leaving it.
 */
export async function wrk(
  url: string,
  host: string,
  connections: number,
  seconds: number,
): Promise<WrkResult> {
  const { stdout } = await run(
    'wrk',
    ['-t2', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '--latency', '-H', `Host: ${host}`, url],
    { timeout: (seconds + 30) * 1_000 },
  );
  return parseWrk(stdout);
}
