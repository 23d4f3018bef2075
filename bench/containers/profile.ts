/**
 * The container bench's explanation of its figure: more runs with the CLI going through a timing
 * proxy on each Engine API socket (when each request went and was answered, against when the
 * address and the port answered the peer), then one run per engine with its daemons under strace,
 * which shows the programs they ran and how long each took. The proxy adds the same hop on both
 * sides; strace slows forks and execs, so that run's times are longer than the others'.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { traceApi, type ApiTrace, type TracedRequest } from './api-trace.js';
import { startCpuProfiler, type CpuTally } from './cpu-profile.js';
import { traceCommands } from './process-trace.js';
import { countSql, type SqlTally } from './sql-count.js';
import type { Around, Sample, Side } from './side.js';
import { median, ms } from './stats.js';

const profileRuns = 10;
/** USER_HZ, which /proc/<pid>/stat counts in: 100 on every Linux this runs on. */
const clockTicksPerSecond = 100;

interface Profiled {
  sample: Sample;
  /** On the run's clock, like the sample's steps. */
  requests: TracedRequest[];
}

async function profiledRun(side: Side, index: number, proxy: ApiTrace, around?: Around): Promise<Profiled> {
  proxy.take();
  const sample = await side.once(index, proxy.dockerHost, around);
  const requests = proxy.take().map((request) => ({
    ...request,
    sentAt: request.sentAt - sample.startedAt,
    answeredAt: request.answeredAt - sample.startedAt,
  }));
  return { sample, requests };
}

function reportMedians(sides: Side[], runs: Map<Side, Profiled[]>): void {
  console.log(
    `\nwhere the time goes: ${profileRuns} more runs each, the CLI through a timing proxy; ` +
      `medians, ms after the CLI was spawned`,
  );
  const steps = new Map<string, Map<Side, number>>();
  const note = (step: string, side: Side, values: number[]) =>
    steps.set(step, (steps.get(step) ?? new Map<Side, number>()).set(side, median(values)));
  for (const side of sides) {
    const of = runs.get(side) ?? [];
    note(
      'first request (CLI start-up)',
      side,
      of.map((run) => run.requests[0]?.sentAt ?? NaN),
    );
    for (const call of new Set(of.flatMap((run) => run.requests.map((request) => request.call)))) {
      const at = (end: 'sentAt' | 'answeredAt') =>
        of.map((run) => run.requests.find((request) => request.call === call)?.[end] ?? NaN);
      note(`${call} sent`, side, at('sentAt'));
      note(`${call} answered`, side, at('answeredAt'));
    }
    note(
      'address answers the peer',
      side,
      of.map((run) => run.sample.address),
    );
    note(
      'port 80 answers the peer',
      side,
      of.map((run) => run.sample.answered),
    );
    note(
      'CLI returned',
      side,
      of.map((run) => run.sample.returned),
    );
  }
  console.log(`${''.padEnd(36)}${sides.map((side) => side.name.padStart(30)).join('')}`);
  for (const [step, bySide] of steps) {
    console.log(
      `${step.padEnd(36)}${sides.map((side) => ms(bySide.get(side) ?? NaN).padStart(30)).join('')}`,
    );
  }
}

function reportCpu(sides: Side[], tally: CpuTally): void {
  const names = sides.filter((side) => side.inThisProcess).map((side) => side.name);
  const total = [...tally.byPlace.values()].reduce((sum, spent) => sum + spent, 0);
  const top = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([place, spent]) => `${(spent / profileRuns).toFixed(1).padStart(6)} ms  ${place}`);
  console.log(
    `\n${names.join(', ')}: CPU time on the control plane's thread, per run (same ${profileRuns} runs): ` +
      `${(total / profileRuns).toFixed(0)} ms; by where the code lives:`,
  );
  for (const line of top(tally.byPlace)) console.log(line);
}

function reportSql(tally: SqlTally): void {
  const per = (count: number) => (count / profileRuns).toFixed(1);
  console.log(
    `SQL statements per run: ${per(tally.statements)}, ${per(tally.sqliteMs)} ms inside SQLite; the most run:`,
  );
  const top = [...tally.byTable].sort((a, b) => b[1] - a[1]).slice(0, 10);
  console.log(top.map(([kind, count]) => `${kind} ${per(count)}`).join(', '));
}

/** User and system CPU ms of a process's threads, and of the children it waited for if asked. */
function cpuMs({ pid, children }: { pid: number; children: boolean }): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const counted = children ? [11, 12, 13, 14] : [11, 12];
    const ticks = counted.reduce((sum, index) => sum + Number(fields[index] ?? 0), 0);
    return ticks * (1000 / clockTicksPerSecond);
  } catch {
    return NaN;
  }
}

/** CPU ms a second each engine's processes spend with nothing asked of them (heartbeats, resyncs). */
async function idleCpu(sides: Side[]): Promise<Map<string, number>> {
  const seconds = 3;
  const processes = sides.flatMap((side) =>
    side.processes().map((each) => ({ ...each, key: `${side.name}: ${each.name}` })),
  );
  const before = processes.map(cpuMs);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return new Map(processes.map((each, at) => [each.key, (cpuMs(each) - (before[at] ?? NaN)) / seconds]));
}

/** One run with the engine's daemons under strace, as a timeline. */
async function reportTraced(side: Side, index: number, proxy: ApiTrace, output: string): Promise<void> {
  const { result, commands } = await traceCommands(side.daemons(), output, () =>
    profiledRun(side, index, proxy),
  );
  const epoch = performance.timeOrigin + result.sample.startedAt;
  const events = [
    ...result.requests.map((request) => ({
      at: request.sentAt,
      line: `${request.call} (answered after ${(request.answeredAt - request.sentAt).toFixed(0)} ms)`,
    })),
    ...commands
      .filter((command) => command.startedAt >= epoch && command.startedAt - epoch <= result.sample.ready)
      .map((command) => ({
        at: command.startedAt - epoch,
        line: `  runs ${command.what} (${Number.isNaN(command.endedAt) ? 'still running' : `${(command.endedAt - command.startedAt).toFixed(0)} ms`})`,
      })),
    { at: result.sample.address, line: 'address answers the peer' },
    { at: result.sample.answered, line: 'port 80 answers the peer' },
    { at: result.sample.returned, line: 'CLI returned' },
  ].sort((a, b) => a.at - b.at);
  console.log(`\n${side.name}, one run with its daemons (${side.daemons().join(', ')}) under strace:`);
  for (const event of events) console.log(`${ms(event.at)}  ${event.line}`);
}

/** Runs numbered from `first` on, after the measured ones, so names and addresses stay unique. */
export async function profile(sides: Side[], scratch: string, first: number): Promise<void> {
  const proxies = new Map<Side, ApiTrace>();
  const cpu = await startCpuProfiler();
  const cpuSpent = new Map<string, number>();
  const sql = countSql();
  for (const [index, side] of sides.entries()) {
    proxies.set(side, await traceApi(side.dockerHost, join(scratch, `trace-${index}.sock`)));
  }
  try {
    const runs = new Map(sides.map((side) => [side, [] as Profiled[]]));
    for (let index = first; index < first + profileRuns; index += 1) {
      const order = index % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const proxy = proxies.get(side);
        if (proxy === undefined) continue;
        // Counted over the timed part only: the removal after it is not what the figure is about.
        const counted: Around = async (work) => {
          const before = side.processes().map(cpuMs);
          const result = await (side.inThisProcess ? cpu.around(() => sql.around(work)) : work());
          side.processes().forEach((each, at) => {
            const key = `${side.name}: ${each.name}`;
            cpuSpent.set(key, (cpuSpent.get(key) ?? 0) + cpuMs(each) - (before[at] ?? NaN));
          });
          return result;
        };
        runs.get(side)?.push(await profiledRun(side, index, proxy, counted));
      }
    }
    reportMedians(sides, runs);
    const idle = await idleCpu(sides);
    console.log(
      `\nCPU time per run (user and system from /proc; a daemon's with the programs it ran), and at rest:`,
    );
    for (const [name, spent] of cpuSpent) {
      console.log(
        `${(spent / profileRuns).toFixed(0).padStart(6)} ms  ${name} (at rest: ${idle.get(name)?.toFixed(0)} ms a second)`,
      );
    }
    reportCpu(sides, cpu.tally);
    reportSql(sql.tally);
    for (const [offset, side] of sides.entries()) {
      const proxy = proxies.get(side);
      const output = join(scratch, `strace-${offset}.txt`);
      if (proxy !== undefined) await reportTraced(side, first + profileRuns + offset, proxy, output);
    }
  } finally {
    for (const proxy of proxies.values()) await proxy.close();
    cpu.close();
    sql.close();
  }
}
