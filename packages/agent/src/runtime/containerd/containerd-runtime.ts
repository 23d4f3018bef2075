import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DesiredSandbox, TopResponse } from '@switchyard/contracts';
import { ctrEnvironment, execArgv, killTask, taskPids, type Containerd } from '../../osl/containerd.js';
import { ContainerLog } from '../container-log.js';
import { type Backoff, defaultBackoff } from '../restart-policy.js';
import type { RuntimeProcessAccess, SandboxRuntime } from '../sandbox-runtime.js';
import { Supervisor } from '../supervisor.js';
import {
  containerDriver,
  containerId,
  containerPaths,
  findAdoptable,
  removeAllContainers,
  bundleRootOf,
} from './container-driver.js';
import { parseStat, topRow, topTitles } from './top.js';
import { resolveUser } from './user.js';
import { readEntryLog, stopEntries, type SupervisedEntry } from '../supervised-entries.js';

export interface ContainerdRuntimeOptions {
  containerd: Containerd;
  /** The agent's state directory: logs in `containerd/logs/`, bundles in `containerd/bundles/`. */
  stateDir: string;
  /** The layers (diff IDs) of an image this node holds; undefined while it does not. */
  layers(imageId: string): string[] | undefined;
  /** Default /etc/netns, where the embedded DNS writes each namespace's resolv.conf and hosts. */
  etcNetnsDir?: string;
  maxLogLines?: number;
  backoff?: Partial<Backoff>;
  log?: (message: string) => void;
}

export type ContainerdRuntime = SandboxRuntime &
  RuntimeProcessAccess & {
    /** Runs the last sync again (an image arrived). */
    refresh(): void;
    /** Ids of the images of the sandboxes it runs. */
    imagesInUse(): Set<string>;
    /**
     * Stops every container, those it runs and those a previous agent left, then lets go as
     * `close` does (`--no-live-restore`, tests).
     */
    stopAll(): Promise<void>;
  };

interface Entry extends SupervisedEntry {
  desired: DesiredSandbox;
}

/** Runs sandboxes whose workload's runtime is containerd as containerd tasks in their sandbox's network namespace. */
export function createContainerdRuntime(options: ContainerdRuntimeOptions): ContainerdRuntime {
  const { containerd } = options;
  // Apart from the process runtime's logs: each runtime removes the log files it does not know.
  const logDir = path.join(options.stateDir, 'containerd', 'logs');
  const bundleRoot = bundleRootOf(options.stateDir);
  const backoff = { ...defaultBackoff, ...options.backoff };
  const report = options.log ?? ((message: string) => console.error(message));
  const driver = containerDriver({
    containerd,
    bundleRoot,
    layers: options.layers,
    etcNetnsDir: options.etcNetnsDir ?? '/etc/netns',
  });
  const entries = new Map<string, Entry>();
  const listeners: (() => void)[] = [];
  let firstSync = true;
  let last: readonly DesiredSandbox[] = [];
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
    if (existing !== undefined) {
      existing.desired = sandbox;
      return existing;
    }
    const log = new ContainerLog(logDir, sandbox.id, options.maxLogLines ?? 10_000, (error) =>
      report(`cannot write the log of container ${sandbox.id}: ${String(error)}`),
    );
    const supervisor = new Supervisor(sandbox, { log, stopGraceMs: 10_000, backoff, changed, driver });
    const entry = { supervisor, log, desired: sandbox };
    entries.set(sandbox.id, entry);
    return entry;
  }

  /**
   * On the first sync: tasks a previous agent left running as their sandboxes still ask are
   * adopted (watched again, not restarted); every other container, mount, snapshot and log it
   * left goes.
   */
  async function cleanSlate(sandboxes: readonly DesiredSandbox[]): Promise<void> {
    const kept = await findAdoptable(containerd, bundleRoot, sandboxes);
    driver.adopt(kept);
    if (kept.size > 0) report(`adopted ${kept.size} running container(s) left by a previous agent`);
    const removed = await removeAllContainers(containerd, bundleRoot, kept);
    if (removed > 0) report(`removed ${removed} container(s) left by a previous agent`);
    const logs = new Set(sandboxes.map((sandbox) => `${encodeURIComponent(sandbox.id)}.log`));
    const files = await readdir(logDir).catch(() => []);
    await Promise.all(
      files
        .filter((file) => !logs.has(file.replace(/\.1$/, '')))
        .map((file) => rm(path.join(logDir, file), { force: true })),
    );
  }

  async function syncNow(sandboxes: readonly DesiredSandbox[]): Promise<void> {
    if (firstSync) {
      firstSync = false;
      await cleanSlate(sandboxes);
    }
    last = sandboxes;
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

  function sync(sandboxes: readonly DesiredSandbox[]): Promise<void> {
    const run = queue.then(() => syncNow(sandboxes));
    queue = run.catch((error: unknown) => report(`containerd runtime sync failed: ${String(error)}`));
    return run;
  }

  function running(sandboxId: string): Entry | undefined {
    const entry = entries.get(sandboxId);
    return entry?.supervisor.observed().status === 'running' ? entry : undefined;
  }

  return {
    sync,
    refresh() {
      void sync(last).catch(() => undefined);
    },
    imagesInUse() {
      return new Set(
        [...entries.values()].flatMap((entry) =>
          entry.desired.workload.imageId === null ? [] : [entry.desired.workload.imageId],
        ),
      );
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
      await driver.release();
      await Promise.all([...entries.values()].map((entry) => entry.log.settled()));
    },
    async stopAll() {
      await queue;
      // A first sync that never came leaves what a previous agent ran to the clean slate here.
      if (firstSync) {
        firstSync = false;
        await cleanSlate([]);
      }
      await stopEntries(entries);
      await driver.release();
    },

    async top(sandboxId): Promise<TopResponse> {
      if (running(sandboxId) === undefined)
        return { ok: false, error: `container ${sandboxId} is not running` };
      try {
        const pids = await taskPids(containerd, containerId(sandboxId));
        const bootTimeMs = await bootTime();
        const rows = await Promise.all(pids.map((pid) => processRow(pid, bootTimeMs)));
        return {
          ok: true,
          titles: topTitles,
          processes: rows.flatMap((row) => (row === undefined ? [] : [row])),
        };
      } catch (error) {
        return { ok: false, error: `cannot list the processes of ${sandboxId}: ${String(error)}` };
      }
    },

    async signal(sandboxId, signal) {
      if (running(sandboxId) === undefined)
        return { ok: false, error: `container ${sandboxId} is not running` };
      try {
        // The task's init, not ctr: ctr cannot pass SIGKILL on, and dying would orphan the task.
        await killTask(containerd, containerId(sandboxId), String(signal));
        return { ok: true };
      } catch (error) {
        return { ok: false, error: `cannot signal container ${sandboxId}: ${String(error)}` };
      }
    },

    async execCommand(request) {
      if (running(request.sandboxId) === undefined) {
        return { ok: false, error: `container ${request.sandboxId} is not running` };
      }
      // ctr's exec takes no environment; a process that needs one says so rather than running without it.
      if (request.env.length > 0) {
        return {
          ok: false,
          error:
            'exec with -e is not supported on containerd containers (ctr task exec takes no environment)',
        };
      }
      const id = containerId(request.sandboxId);
      let user = '';
      if (request.user !== '') {
        const rootfs = containerPaths(bundleRoot, id).rootfs;
        const [passwd, group] = await Promise.all(
          ['passwd', 'group'].map((name) => readFile(path.join(rootfs, 'etc', name), 'utf8').catch(() => '')),
        );
        const resolved = resolveUser(request.user, passwd ?? '', group ?? '');
        if (!resolved.ok) return resolved;
        user = `${resolved.uid}:${resolved.gid}`;
      }
      const argv = execArgv(
        containerd,
        id,
        { execId: request.execId, tty: request.tty, user, cwd: request.workingDir },
        request.command,
      );
      return { ok: true, ...argv, env: ctrEnvironment() };
    },
  };
}

async function bootTime(): Promise<number> {
  const stat = await readFile('/proc/stat', 'utf8');
  return Number(/^btime (\d+)$/m.exec(stat)?.[1] ?? 0) * 1000;
}

async function processRow(pid: number, bootTimeMs: number): Promise<string[] | undefined> {
  try {
    const [stat, status, cmdline] = await Promise.all(
      ['stat', 'status', 'cmdline'].map((name) => readFile(`/proc/${pid}/${name}`, 'utf8')),
    );
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status ?? '')?.[1] ?? 0);
    const command = (cmdline ?? '')
      .split('\0')
      .filter((part) => part !== '')
      .join(' ');
    const comm = /\((.*)\)/.exec(stat ?? '')?.[1] ?? '';
    return topRow(
      { pid, uid, command: command === '' ? `[${comm}]` : command, ...parseStat(stat ?? '') },
      bootTimeMs,
    );
  } catch {
    // the process ended meanwhile
    return undefined;
  }
}
