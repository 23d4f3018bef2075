import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DesiredSandbox, ExecStartRequest } from '@switchyard/contracts';
import { planLaunch } from './launch.js';
import { ContainerLog } from './container-log.js';
import { type Backoff, defaultBackoff } from './restart-policy.js';
import type { ExecCommand, SandboxRuntime } from './sandbox-runtime.js';
import { killStrays } from './strays.js';
import { Supervisor } from './supervisor.js';
import { topOfSandbox } from './top.js';
import { readEntryLog, stopEntries, type SupervisedEntry } from './supervised-entries.js';

export interface ProcessRuntimeOptions {
  /** The agent's state directory; logs go to `<stateDir>/containers/<id>.log`. */
  stateDir: string;
  /** How long a process gets between its stop signal and SIGKILL (default: the workload's stop timeout). */
  stopGraceMs?: number;
  /** Lines kept per container (default 10 000). */
  maxLogLines?: number;
  /** Restart backoff (default: 100 ms doubling to 5 s, reset after 10 s of running). */
  backoff?: Partial<Backoff>;
  log?: (message: string) => void;
}

type Entry = SupervisedEntry;

export function createProcessRuntime(options: ProcessRuntimeOptions): SandboxRuntime {
  const logDir = path.join(options.stateDir, 'containers');
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

  function entryFor(sandbox: DesiredSandbox): Entry {
    const existing = entries.get(sandbox.id);
    if (existing !== undefined) return existing;
    const log = new ContainerLog(logDir, sandbox.id, options.maxLogLines ?? 10_000, (error) =>
      report(`cannot write the log of container ${sandbox.id}: ${String(error)}`),
    );
    const entry = { supervisor: new Supervisor(sandbox, { log, stopGraceMs, backoff, changed }), log };
    entries.set(sandbox.id, entry);
    return entry;
  }

  /**
   * On the first sync after the agent started: processes of a previous agent in the listed
   * sandboxes' namespaces, and log files of containers that no longer exist, go.
   */
  async function cleanSlate(sandboxes: readonly DesiredSandbox[]): Promise<void> {
    const namespaces = new Set(
      sandboxes.flatMap((sandbox) => (sandbox.netns === null ? [] : [sandbox.netns])),
    );
    const killed = await Promise.all(
      [...namespaces].map((netns) => killStrays(netns, stopGraceMs ?? 10_000)),
    );
    const total = killed.reduce((sum, count) => sum + count, 0);
    if (total > 0) report(`stopped ${total} process(es) left in sandboxes by a previous agent`);
    const kept = new Set(sandboxes.map((sandbox) => `${encodeURIComponent(sandbox.id)}.log`));
    const files = await readdir(logDir).catch(() => []);
    await Promise.all(
      files
        .filter((file) => !kept.has(file.replace(/\.1$/, '')))
        .map((file) => rm(path.join(logDir, file), { force: true })),
    );
  }

  async function syncNow(sandboxes: readonly DesiredSandbox[]): Promise<void> {
    if (firstSync) {
      firstSync = false;
      await cleanSlate(sandboxes);
    }
    const listed = new Set(sandboxes.map((sandbox) => sandbox.id));
    const gone = [...entries].filter(([id]) => !listed.has(id));
    await Promise.all([
      ...gone.map(async ([id, entry]) => {
        await entry.supervisor.stop();
        entries.delete(id);
        await entry.log.remove();
      }),
      ...sandboxes.map((sandbox) => entryFor(sandbox).supervisor.apply(sandbox)),
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
    logs: (request) => readEntryLog(entries, request),
    onChange(listener) {
      listeners.push(listener);
    },
    async close() {
      await queue;
      await stopEntries(entries);
    },
    async stopAll() {
      await queue;
      await stopEntries(entries);
    },
  };
}
