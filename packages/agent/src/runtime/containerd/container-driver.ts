import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DesiredSandbox } from '@switchyard/contracts';
import {
  ctrEnvironment,
  deleteTask,
  execArgv,
  killTask,
  listContainers,
  listSnapshots,
  mount,
  prepareSnapshot,
  removeContainer,
  removeSnapshot,
  endWatcher,
  listTasks,
  startWatcher,
  unmount,
  watchArgv,
  watchedTask,
  type Containerd,
} from '../../osl/containerd.js';
import { probeCommand } from '../health/probe.js';
import type { LaunchDriver } from '../launch-driver.js';
import { adoptable, parseOffsets, parseTaskRecord, taskRecord } from './adoption.js';
import { chainId } from './chain-id.js';
import { renderSpec } from './oci-spec.js';
import { parseSnapshotMount } from './snapshot-mount.js';
import { resolveUser } from './user.js';

export interface ContainerDriverOptions {
  containerd: Containerd;
  /** Each container's bundle (spec, hostname file, root filesystem mount point) is under it. */
  bundleRoot: string;
  /** The layers (diff IDs) of an image this node holds; undefined while it does not. */
  layers(imageId: string): string[] | undefined;
  /** Where the embedded DNS writes each namespace's resolv.conf and hosts. */
  etcNetnsDir: string;
}

/** containerd ids are `[A-Za-z0-9][A-Za-z0-9_.-]*`; a sandbox id that is not becomes its digest. */
export function containerId(sandboxId: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,75}$/.test(sandboxId)
    ? sandboxId
    : createHash('sha256').update(sandboxId).digest('hex');
}

export function snapshotKey(id: string): string {
  return `switchyard-rootfs-${id}`;
}

export interface ContainerPaths {
  bundle: string;
  rootfs: string;
  spec: string;
  hostname: string;
  /** The task's output, appended by the shim's logger (see taskLogUri). */
  stdout: string;
  stderr: string;
  /** Written by ctr when it starts the task. */
  pid: string;
  /** What the task was started from (adoption.ts). */
  record: string;
  /** How much of the output the agent has read (adoption.ts parseOffsets). */
  offsets: string;
  /** The pid of the agent's watcher process group. */
  watcher: string;
}

export function containerPaths(bundleRoot: string, id: string): ContainerPaths {
  const bundle = path.join(bundleRoot, id);
  const file = (name: string) => path.join(bundle, name);
  return {
    bundle,
    rootfs: file('rootfs'),
    spec: file('config.json'),
    hostname: file('hostname'),
    stdout: file('stdout'),
    stderr: file('stderr'),
    pid: file('pid'),
    record: file('record.json'),
    offsets: file('offsets'),
    watcher: file('watcher'),
  };
}

const readText = (file: string) => readFile(file, 'utf8').catch(() => undefined);

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/** Removes a container and everything its start made; each step may find nothing to do. */
export async function removeContainerState(
  containerd: Containerd,
  bundleRoot: string,
  id: string,
): Promise<void> {
  const paths = containerPaths(bundleRoot, id);
  await deleteTask(containerd, id).catch(() => undefined);
  await removeContainer(containerd, id).catch(() => undefined);
  if (await exists(paths.rootfs)) await unmount(paths.rootfs).catch(() => undefined);
  await removeSnapshot(containerd, snapshotKey(id)).catch(() => undefined);
  await rm(paths.bundle, { recursive: true, force: true }).catch(() => undefined);
}

/** The bundles of an agent's state directory. */
export function bundleRootOf(stateDir: string): string {
  return path.join(stateDir, 'containerd', 'bundles');
}

/**
 * Removes every container of a containerd namespace (tasks killed), and the bundles, mounts and
 * snapshots this agent made for them; returns how many there were. The agent's clean slate, and
 * the lab's teardown when an agent died before stopping its containers.
 */
export async function removeAllContainers(
  containerd: Containerd,
  bundleRoot: string,
  keep: ReadonlySet<string> = new Set(),
): Promise<number> {
  const ids = new Set(await listContainers(containerd).catch(() => []));
  for (const bundle of await readdir(bundleRoot).catch(() => [])) ids.add(bundle);
  for (const key of await listSnapshots(containerd).catch(() => [])) {
    if (key.startsWith(snapshotKey(''))) ids.add(key.slice(snapshotKey('').length));
  }
  for (const id of keep) ids.delete(id);
  for (const id of ids) {
    await killTask(containerd, id, 'SIGKILL').catch(() => undefined);
    await removeContainerState(containerd, bundleRoot, id);
  }
  return ids.size;
}

/**
 * The containers of `sandboxes` whose tasks a previous agent left running as they ask (see
 * adoption.ts): kept and watched again rather than started anew.
 */
export async function findAdoptable(
  containerd: Containerd,
  bundleRoot: string,
  sandboxes: readonly DesiredSandbox[],
): Promise<Set<string>> {
  const tasks = new Map((await listTasks(containerd).catch(() => [])).map((task) => [task.id, task]));
  const found = new Set<string>();
  for (const sandbox of sandboxes) {
    const id = containerId(sandbox.id);
    const paths = containerPaths(bundleRoot, id);
    const [record, pid] = await Promise.all([readText(paths.record), readText(paths.pid)]);
    const recordedPid = pid === undefined ? undefined : Number(pid.trim());
    if (
      adoptable(
        sandbox,
        record === undefined ? undefined : parseTaskRecord(record),
        recordedPid,
        tasks.get(id),
      )
    )
      found.add(id);
  }
  return found;
}

export type ContainerDriver = LaunchDriver & {
  /** Containers whose running tasks the next start of their sandbox watches instead of starting. */
  adopt(ids: ReadonlySet<string>): void;
  /**
   * Lets go: records how much output was read, ends the watchers and leaves every task running;
   * nothing is started, signalled or cleaned up after.
   */
  release(): Promise<void>;
};

interface Watched {
  /** Resolves once the watcher's output has all been read; undefined until it is spawned. */
  closed: Promise<void> | undefined;
  pid: number | undefined;
  offsets: { stdout: number; stderr: number };
  /** Unsaved offsets are written at most this often, so an agent killed outright repeats little. */
  timer: NodeJS.Timeout | undefined;
}

const offsetSaveMs = 500;

/**
 * A sandbox's process as a containerd task that does not depend on the agent: its root filesystem a
 * snapshot of the image's layers, mounted by the agent; its spec rendered here; started detached
 * with its output appended to files by the shim's logger. The agent supervises a watcher in its
 * place (osl watchArgv), which follows the output, stdout and stderr apart, and exits with the
 * task's code.
 */
export function containerDriver(options: ContainerDriverOptions): ContainerDriver {
  const { containerd } = options;
  const adopted = new Set<string>();
  const watched = new Map<string, Watched>();
  let released = false;

  async function saveOffsets(id: string): Promise<void> {
    const entry = watched.get(id);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    const paths = containerPaths(options.bundleRoot, id);
    const partial = `${paths.offsets}.new`;
    await writeFile(partial, `${entry.offsets.stdout} ${entry.offsets.stderr}\n`);
    await rename(partial, paths.offsets);
  }
  const etcFile = (desired: DesiredSandbox, name: 'resolv.conf' | 'hosts') =>
    desired.netns === null ? `/etc/${name}` : path.join(options.etcNetnsDir, desired.netns, name);
  // Containers with state a start made and no cleanup has removed since. The runtime's clean slate
  // removed what an earlier agent left, so any other id has nothing to clear before a start (three
  // ctr calls, about a third of a start's time, saved).
  const unclean = new Set<string>();
  return {
    plan(desired) {
      const imageId = desired.workload.imageId;
      if (imageId === null) return { ok: false, error: 'the container names no image id' };
      const layers = options.layers(imageId);
      if (layers === undefined) {
        return {
          ok: false,
          waiting: true,
          error: `waiting for image ${desired.workload.image} (${imageId}) to be on this node`,
        };
      }
      if (desired.workload.command.length === 0) {
        return { ok: false, error: `image ${desired.workload.image} has no command to run` };
      }
      const id = containerId(desired.id);
      const argv = watchArgv(containerd, containerPaths(options.bundleRoot, id), id);
      return { ok: true, ...argv, env: ctrEnvironment() };
    },

    adopt(ids) {
      for (const id of ids) adopted.add(id);
    },

    async release() {
      released = true;
      await Promise.all(
        [...watched].map(async ([id, entry]) => {
          // Ended first and read to the end, so the offsets saved are exactly what was logged.
          if (entry.pid !== undefined) endWatcher(entry.pid);
          await entry.closed;
          await saveOffsets(id).catch(() => undefined);
        }),
      );
    },

    async prepare(desired) {
      if (released) throw new Error('the runtime has let go of its containers');
      const id = containerId(desired.id);
      const paths = containerPaths(options.bundleRoot, id);
      if (adopted.delete(id)) {
        unclean.add(id);
        // A watcher the previous agent left (killed outright) would delete the task when it ends.
        const previous = Number((await readText(paths.watcher))?.trim());
        if (Number.isSafeInteger(previous) && previous > 0) {
          const cmdline = (await readText(`/proc/${previous}/cmdline`)) ?? '';
          if (cmdline.includes(paths.bundle)) endWatcher(previous);
        }
        watched.set(id, {
          closed: undefined,
          pid: undefined,
          offsets: parseOffsets((await readText(paths.offsets)) ?? ''),
          timer: undefined,
        });
        return;
      }
      const chain = chainId(options.layers(desired.workload.imageId ?? '') ?? []);
      if (chain === undefined) throw new Error(`image ${desired.workload.image} has no layers`);
      // What a start that failed midway left goes first.
      if (unclean.has(id)) await removeContainerState(containerd, options.bundleRoot, id);
      unclean.add(id);
      await mkdir(paths.rootfs, { recursive: true, mode: 0o700 });
      const found = parseSnapshotMount(
        await prepareSnapshot(containerd, snapshotKey(id), chain, paths.rootfs),
      );
      if (found === undefined) throw new Error(`cannot read the mounts of snapshot ${snapshotKey(id)}`);
      await mount(found.type, found.source, paths.rootfs, found.options);
      const [passwd, group] = await Promise.all(
        ['passwd', 'group'].map((name) =>
          readFile(path.join(paths.rootfs, 'etc', name), 'utf8').catch(() => ''),
        ),
      );
      const user = resolveUser(desired.workload.user, passwd ?? '', group ?? '');
      if (!user.ok) throw new Error(user.error);
      const etc = { resolvConf: etcFile(desired, 'resolv.conf'), hosts: etcFile(desired, 'hosts') };
      for (const file of Object.values(etc)) {
        if (!(await exists(file))) throw new Error(`${file} is missing: the sandbox's DNS is not ready`);
      }
      await writeFile(paths.hostname, `${desired.hostname}\n`);
      const spec = renderSpec({
        args: desired.workload.command,
        env: desired.workload.env,
        user,
        cwd: desired.workload.workingDir,
        hostname: desired.hostname,
        rootfs: paths.rootfs,
        netnsPath: desired.netns === null ? null : `/run/netns/${desired.netns}`,
        etc: { ...etc, hostname: paths.hostname },
        cgroupsPath: `/${containerd.namespace}-${id}`,
      });
      await writeFile(paths.spec, JSON.stringify(spec), { mode: 0o600 });
      await Promise.all([
        writeFile(paths.record, JSON.stringify(taskRecord(desired)), { mode: 0o600 }),
        writeFile(paths.stdout, '', { mode: 0o600 }),
        writeFile(paths.stderr, '', { mode: 0o600 }),
      ]);
      watched.set(id, {
        closed: undefined,
        pid: undefined,
        offsets: { stdout: 0, stderr: 0 },
        timer: undefined,
      });
    },

    spawn(launch) {
      const child = startWatcher(launch);
      const { id, bundle } = watchedTask(launch);
      const entry = watched.get(id);
      if (entry === undefined) return child;
      entry.pid = child.pid;
      entry.closed = new Promise((resolve) => {
        child.once('close', () => resolve());
        child.once('error', () => resolve());
      });
      if (child.pid !== undefined) {
        void writeFile(path.join(bundle, 'watcher'), `${child.pid}\n`).catch(() => undefined);
      }
      for (const stream of ['stdout', 'stderr'] as const) {
        child[stream]?.on('data', (chunk: string | Buffer) => {
          entry.offsets[stream] += Buffer.byteLength(chunk);
          entry.timer ??= setTimeout(() => void saveOffsets(id).catch(() => undefined), offsetSaveMs);
        });
      }
      return child;
    },

    signal(_child, desired, kind) {
      if (kind === 'exited' || released) return;
      const signal = kind === 'stop' ? desired.workload.stopSignal : 'SIGKILL';
      void killTask(containerd, containerId(desired.id), signal).catch(() => undefined);
    },

    stopGraceMs: (desired) => desired.workload.stopTimeoutSeconds * 1000,

    async cleanup(desired) {
      if (released) return;
      const id = containerId(desired.id);
      clearTimeout(watched.get(id)?.timer);
      watched.delete(id);
      await removeContainerState(containerd, options.bundleRoot, id);
      unclean.delete(id);
    },

    probe(check, desired) {
      if (check.kind !== 'command') return probeCommand(check, desired.netns);
      const [file] = check.command ?? [];
      if (file === undefined) return undefined;
      const execId = `health-${randomBytes(8).toString('hex')}`;
      return execArgv(
        containerd,
        containerId(desired.id),
        { execId, tty: false, user: '', cwd: '' },
        check.command ?? [],
      );
    },
  };
}
