/**
 * One load run: the generator (../dns-load.mjs) started inside a sandbox by `enter` (`ip netns exec
 * <ns>` or `nsenter --net=<path>`), against one server, for one name; the server process's CPU time
 * over the run is read from /proc, so each answer's cost shows even when the machine is busy.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@switchyard/control-plane/config';

const run = promisify(execFile);
const loadScript = join(repoRoot, 'bench', 'dns-load.mjs');
/** USER_HZ, which /proc/<pid>/stat counts in: 100 on every Linux this runs on. */
const ticksPerSecond = 100;

export interface LoadResult {
  qps: number;
  p50: number;
  p99: number;
  failures: number;
  /** The server process's CPU (user + system) per answer, in µs. */
  cpuPerQuery: number;
}

function cpuSeconds(pid: number): number {
  // The command name may hold spaces and parentheses: fields are counted after its closing one.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

export async function load(
  enter: readonly string[],
  serverPid: number,
  server: string,
  name: string,
  seconds: number,
): Promise<LoadResult> {
  const before = cpuSeconds(serverPid);
  // A session of its own: with autogroup scheduling (on by default) each session is one group
  // sharing the CPU fairly with the others, and each server runs in its own (the resolver
  // process, started detached by the agent, always does).
  const { stdout } = await run('setsid', [
    '--wait',
    ...enter,
    process.execPath,
    loadScript,
    server,
    name,
    String(seconds),
  ]);
  const spent = cpuSeconds(serverPid) - before;
  const result = JSON.parse(stdout) as Omit<LoadResult, 'cpuPerQuery'>;
  return { ...result, cpuPerQuery: (spent * 1e6) / Math.max(1, result.qps * seconds) };
}

/** The addresses `server` answers for `name` (A), sorted, asked with dig from the sandbox. */
export async function answers(enter: readonly string[], server: string, name: string): Promise<string[]> {
  const [command = 'nsenter', ...args] = enter;
  const { stdout } = await run(command, [
    ...args,
    'dig',
    '+time=2',
    '+tries=2',
    `@${server}`,
    '+short',
    name,
  ]);
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .sort();
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  for (const started = Date.now(); !(await check());) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
