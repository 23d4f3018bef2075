import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DesiredSandbox, ExecStartRequest } from '@switchyard/contracts';
import { planLaunch } from './launch.js';
import { processDriver } from './launch-driver.js';
import { ContainerLog } from './container-log.js';
import { watchExit } from './live/adopted-exit.js';
import { OutputTail } from './live/output-tail.js';
import { readProcStat, stillRuns } from './live/proc-stat.js';
import { specHash, WorkloadRecords, type WorkloadRecord } from './live/workload-records.js';
import { type Backoff, defaultBackoff } from './restart-policy.js';
import type { ExecCommand, SandboxRuntime } from './sandbox-runtime.js';
import { killStrays } from './strays.js';
import { Supervisor } from './supervisor.js';
import { topOfSandbox } from './top.js';
import { readEntryLog, type SupervisedEntry } from './supervised-entries.js';

export interface ProcessRuntimeOptions {
  /**
   * The agent's state directory: logs go to `<stateDir>/containers/<id>.log` (each process's raw
   * output beside them, `<id>.stdout` and `<id>.stderr`), records to `<stateDir>/workloads/`.
   */
  stateDir: string;
  /** How long a process gets between its stop signal and SIGKILL (default: the workload's stop timeout). */
  stopGraceMs?: number;
  /** Lines kept per container (default 10 000). */
  maxLogLines?: number;
  /** Restart backoff (default: 100 ms doubling to 5 s, reset after 10 s of running). */
  backoff?: Partial<Backoff>;
  log?: (message: string) => void;
}

interface Entry extends SupervisedEntry {
  tails: OutputTail[];
  /** What the record on disk says (`pid <n>`, `exited <time>`); undefined: no record. */
  recorded: string | undefined;
  /** The last process recorded running, named again in the record of its exit. */
  lastRun?: { pid: number; startTime: string };
  /** Record writes and removals, in order. */
  recording: Promise<void>;
  /** Stops watching an adopted process's exit. */
  unwatch?: () => void;
}

const streams = ['stdout', 'stderr'] as const;

/** The launch a record's digest is taken of: what the process is started from. */
function specOf(sandbox: DesiredSandbox): string | undefined {
  const launch = planLaunch(sandbox);
  return launch.ok ? specHash(launch, sandbox.startGeneration) : undefined;
}

/** SIGTERM to a recorded workload's process group, SIGKILL after `graceMs`, while it is still that process. */
async function stopRecorded(record: WorkloadRecord, graceMs: number): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-record.pid, name);
    } catch {
      // gone already
    }
  };
  if (!(await stillRuns(record.pid, record.startTime))) return;
  signal('SIGTERM');
  for (let waited = 0; waited < graceMs; waited += 50) {
    await sleep(50);
    if (!(await stillRuns(record.pid, record.startTime))) return;
  }
  signal('SIGKILL');
}

export function createProcessRuntime(options: ProcessRuntimeOptions): SandboxRuntime {
  const logDir = path.join(options.stateDir, 'containers');
  const records = new WorkloadRecords(path.join(options.stateDir, 'workloads'));
  const stopGraceMs = options.stopGraceMs;
  const backoff = { ...defaultBackoff, ...options.backoff };
  const report = options.log ?? ((message: string) => console.error(message));
  const entries = new Map<string, Entry>();
  const listeners: (() => void)[] = [];
  let firstSync = true;
  let queue: Promise<unknown> = Promise.resolve();

  const changed = () => {
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        report(`runtime change listener failed: ${String(error)}`);
      }
    }
  };
  const outputFile = (id: string, stream: string) => path.join(logDir, `${encodeURIComponent(id)}.${stream}`);

  /**
   * Keeps the record on disk naming the process that runs now, or the exit it ended with for
   * good; none while it is starting, restarting or stopped.
   */
  function record(entry: Entry): void {
    const observed = entry.supervisor.observed();
    const spec = specOf(entry.supervisor.sandbox());
    const key =
      observed.status === 'running'
        ? `pid ${observed.pid} ${spec}`
        : observed.status === 'exited'
          ? `exited ${observed.finishedAt} ${spec}`
          : undefined;
    if (key === entry.recorded) return;
    const wasRunning = entry.recorded?.startsWith('pid ') === true;
    entry.recorded = key;
    // The exited process's last partial line.
    if (wasRunning && observed.status !== 'running') for (const tail of entry.tails) void tail.drain(true);
    const sandbox = entry.supervisor.sandbox();
    const previous = entry.lastRun;
    entry.recording = entry.recording
      .then(async () => {
        const hash = spec;
        if (key === undefined || hash === undefined) return records.remove(sandbox.id);
        const facts = {
          sandboxId: sandbox.id,
          specHash: hash,
          startedAt: observed.startedAt ?? new Date().toISOString(),
          restartCount: observed.restartCount,
        };
        if (observed.status === 'exited') {
          if (previous === undefined) return records.remove(sandbox.id);
          const exited = { exitCode: observed.exitCode ?? 0, finishedAt: observed.finishedAt ?? '' };
          return records.write({ ...facts, ...previous, exited });
        }
        const pid = observed.pid ?? 0;
        const stat = await readProcStat(pid);
        // Gone already: its exit is recorded next.
        if (stat === undefined) return;
        entry.lastRun = { pid, startTime: stat.startTime };
        await records.write({ ...facts, ...entry.lastRun });
      })
      .catch((error: unknown) =>
        report(`cannot record the process of container ${sandbox.id}: ${String(error)}`),
      );
  }

  function entryFor(sandbox: DesiredSandbox): Entry {
    const existing = entries.get(sandbox.id);
    if (existing !== undefined) return existing;
    const log = new ContainerLog(logDir, sandbox.id, options.maxLogLines ?? 10_000, (error) =>
      report(`cannot write the log of container ${sandbox.id}: ${String(error)}`),
    );
    const output = { stdout: outputFile(sandbox.id, 'stdout'), stderr: outputFile(sandbox.id, 'stderr') };
    const tails = streams.map(
      (stream) =>
        new OutputTail(
          output[stream],
          stream,
          (from, lines) => {
            for (const line of lines) log.append(from, line);
            return log.settled();
          },
          (error) => report(`cannot read the output of container ${sandbox.id}: ${String(error)}`),
        ),
    );
    const entry: Entry = {
      log,
      tails,
      recorded: undefined,
      recording: Promise.resolve(),
      supervisor: new Supervisor(sandbox, {
        log,
        stopGraceMs,
        backoff,
        changed: () => {
          record(entry);
          changed();
        },
        driver: processDriver(stopGraceMs, output),
      }),
    };
    for (const tail of tails) tail.start();
    entries.set(sandbox.id, entry);
    return entry;
  }

  /** A recorded workload the desired sandbox still asks for, still running: this runtime's now. */
  function adopt(sandbox: DesiredSandbox, found: WorkloadRecord): void {
    const entry = entryFor(sandbox);
    entry.lastRun = { pid: found.pid, startTime: found.startTime };
    if (found.exited !== undefined) {
      entry.recorded = `exited ${found.exited.finishedAt} ${found.specHash}`;
      entry.supervisor.restoreExited(sandbox, {
        ...found.exited,
        startedAt: found.startedAt,
        restartCount: found.restartCount,
      });
      return;
    }
    entry.recorded = `pid ${found.pid} ${found.specHash}`;
    const watch = watchExit(found.pid, found.startTime);
    entry.unwatch = watch.cancel;
    entry.supervisor.adopt(sandbox, {
      pid: found.pid,
      startedAt: found.startedAt,
      restartCount: found.restartCount,
      exited: watch.exited,
    });
  }

  /**
   * On the first sync after the agent started: workloads a previous agent recorded are adopted
   * when their sandbox still asks for them and they still run, stopped otherwise; workload
   * processes no record names are strays and go; log files of containers that no longer exist go.
   */
  async function adoptOrClear(sandboxes: readonly DesiredSandbox[]): Promise<void> {
    const listed = new Map(sandboxes.map((sandbox) => [sandbox.id, sandbox]));
    const kept = new Set<number>();
    const leftover: WorkloadRecord[] = [];
    const why: string[] = [];
    for (const found of await records.readAll()) {
      const sandbox = listed.get(found.sandboxId);
      const wanted = sandbox !== undefined && specOf(sandbox) === found.specHash;
      if (wanted && found.exited !== undefined) {
        adopt(sandbox, found);
      } else if (wanted && sandbox.running && (await stillRuns(found.pid, found.startTime))) {
        adopt(sandbox, found);
        kept.add(found.pid);
      } else {
        leftover.push(found);
        why.push(
          `${found.sandboxId} (${
            sandbox === undefined
              ? 'not on this node any more'
              : !wanted
                ? 'asked to start anew'
                : !sandbox.running
                  ? 'asked to stop'
                  : 'no longer running'
          })`,
        );
      }
    }
    await Promise.all(
      leftover.map(async (found) => {
        await stopRecorded(found, stopGraceMs ?? 10_000);
        await records.remove(found.sandboxId);
      }),
    );
    if (kept.size > 0) report(`adopted ${kept.size} running container(s) left by a previous agent`);
    if (leftover.length > 0) report(`did not adopt what a previous agent left of ${why.join(', ')}`);
    const namespaces = new Set(
      sandboxes.flatMap((sandbox) => (sandbox.netns === null ? [] : [sandbox.netns])),
    );
    const killed = await Promise.all(
      [...namespaces].map((netns) => killStrays(netns, stopGraceMs ?? 10_000, kept)),
    );
    const total = killed.reduce((sum, count) => sum + count, 0);
    if (total > 0) report(`stopped ${total} process(es) left in sandboxes by a previous agent`);
    const names = new Set(
      sandboxes.flatMap((sandbox) => {
        const base = encodeURIComponent(sandbox.id);
        return [
          `${base}.log`,
          `${base}.log.1`,
          ...streams.flatMap((stream) => [`${base}.${stream}`, `${base}.${stream}.pos`]),
        ];
      }),
    );
    const files = await readdir(logDir).catch(() => []);
    await Promise.all(
      files.filter((file) => !names.has(file)).map((file) => rm(path.join(logDir, file), { force: true })),
    );
  }

  /** Removes a sandbox's entry once its process is gone: its log, output files and record. */
  async function forget(id: string, entry: Entry): Promise<void> {
    entry.unwatch?.();
    await Promise.all(entry.tails.map((tail) => tail.stop()));
    entries.delete(id);
    await entry.recording;
    await entry.log.remove();
    await Promise.all([
      records.remove(id),
      ...streams.flatMap((stream) => [
        rm(outputFile(id, stream), { force: true }),
        rm(`${outputFile(id, stream)}.pos`, { force: true }),
      ]),
    ]);
  }

  /** Lets every process go, running; their logs and records stay for the next agent. */
  async function release(): Promise<void> {
    for (const entry of entries.values()) {
      entry.supervisor.release();
      entry.unwatch?.();
    }
    await Promise.all(
      [...entries.values()].map((entry) => Promise.all(entry.tails.map((tail) => tail.stop()))),
    );
    await Promise.all([...entries.values()].flatMap((entry) => [entry.recording, entry.log.settled()]));
  }

  async function syncNow(sandboxes: readonly DesiredSandbox[]): Promise<void> {
    if (firstSync) {
      firstSync = false;
      await adoptOrClear(sandboxes);
    }
    const listed = new Set(sandboxes.map((sandbox) => sandbox.id));
    const gone = [...entries].filter(([id]) => !listed.has(id));
    await Promise.all([
      ...gone.map(async ([id, entry]) => {
        await entry.supervisor.stop();
        await forget(id, entry);
      }),
      ...sandboxes.map(async (sandbox) => {
        const entry = entryFor(sandbox);
        await entry.supervisor.apply(sandbox);
        // A change the running process does not restart for (its start generation is the same)
        // is what the next agent must find in the record too.
        record(entry);
      }),
    ]);
  }

  /** The entry of a sandbox whose process runs, or why there is none. */
  function running(sandboxId: string): Entry | string {
    const entry = entries.get(sandboxId);
    if (entry === undefined) return `No such container: ${sandboxId}`;
    if (entry.supervisor.observed().status !== 'running') return `container ${sandboxId} is not running`;
    return entry;
  }

  function execCommand(request: ExecStartRequest): ExecCommand {
    const entry = running(request.sandboxId);
    if (typeof entry === 'string') return { ok: false, error: entry };
    // Processes of this runtime run as the agent's user (root), in the host's file system.
    if (!['', 'root', '0', '0:0', 'root:root'].includes(request.user)) {
      return { ok: false, error: `user "${request.user}": the process runtime runs commands as root only` };
    }
    const sandbox = entry.supervisor.sandbox();
    const launch = planLaunch(sandbox);
    if (!launch.ok) return launch;
    const env: Record<string, string> = { ...launch.env, ...(request.tty ? { TERM: 'xterm' } : {}) };
    for (const pair of request.env) {
      const at = pair.indexOf('=');
      if (at > 0) env[pair.slice(0, at)] = pair.slice(at + 1);
    }
    const [file, ...args] = request.command as [string, ...string[]];
    const cwd = request.workingDir === '' ? {} : { cwd: request.workingDir };
    return sandbox.netns === null
      ? { ok: true, file, args, env, ...cwd }
      : { ok: true, file: 'ip', args: ['netns', 'exec', sandbox.netns, file, ...args], env, ...cwd };
  }

  return {
    async top(sandboxId) {
      const entry = running(sandboxId);
      if (typeof entry === 'string') return { ok: false, error: entry };
      return topOfSandbox(entry.supervisor.sandbox().netns, entry.supervisor.observed().pid);
    },
    execCommand: (request) => Promise.resolve(execCommand(request)),
    signal(sandboxId, signal) {
      const entry = running(sandboxId);
      if (typeof entry === 'string') return Promise.resolve({ ok: false, error: entry });
      const pid = entry.supervisor.observed().pid;
      try {
        if (pid !== null) process.kill(pid, signal);
        return Promise.resolve({ ok: true });
      } catch (error) {
        return Promise.resolve({
          ok: false,
          error: `cannot signal container ${sandboxId}: ${String(error)}`,
        });
      }
    },
    sync(sandboxes) {
      const run = queue.then(() => syncNow(sandboxes));
      queue = run.catch(() => undefined);
      return run;
    },
    status() {
      return [...entries.values()].map((entry) => entry.supervisor.observed());
    },
    async logs(request) {
      // What the process wrote up to now, whether or not the file's change was noticed yet.
      await Promise.all(entries.get(request.sandboxId)?.tails.map((tail) => tail.drain()) ?? []);
      return readEntryLog(entries, request);
    },
    onChange(listener) {
      listeners.push(listener);
    },
    async close() {
      await queue;
      await release();
    },
    async stopAll() {
      await queue;
      // The logs stay, as Docker keeps a stopped container's; the records go, so that the next
      // agent starts these afresh.
      await Promise.all([...entries.values()].map((entry) => entry.supervisor.stop()));
      await release();
      await Promise.all([...entries.keys()].map((id) => records.remove(id)));
      // Those a previous agent recorded that no sync has adopted yet.
      await Promise.all(
        (await records.readAll()).map(async (found) => {
          await stopRecorded(found, stopGraceMs ?? 10_000);
          await records.remove(found.sandboxId);
        }),
      );
    },
  };
}
