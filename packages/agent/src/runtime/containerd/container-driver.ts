import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
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
  runArgv,
  startCtr,
  unmount,
  type Containerd,
} from '../../osl/containerd.js';
import { probeCommand } from '../health/probe.js';
import type { LaunchDriver } from '../launch-driver.js';
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
}

export function containerPaths(bundleRoot: string, id: string): ContainerPaths {
  const bundle = path.join(bundleRoot, id);
  return {
    bundle,
    rootfs: path.join(bundle, 'rootfs'),
    spec: path.join(bundle, 'config.json'),
    hostname: path.join(bundle, 'hostname'),
  };
}

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
export async function removeAllContainers(containerd: Containerd, bundleRoot: string): Promise<number> {
  const ids = new Set(await listContainers(containerd).catch(() => []));
  for (const bundle of await readdir(bundleRoot).catch(() => [])) ids.add(bundle);
  for (const key of await listSnapshots(containerd).catch(() => [])) {
    if (key.startsWith(snapshotKey(''))) ids.add(key.slice(snapshotKey('').length));
  }
  for (const id of ids) {
    await killTask(containerd, id, 'SIGKILL').catch(() => undefined);
    await removeContainerState(containerd, bundleRoot, id);
  }
  return ids.size;
}

/**
 * A sandbox's process as a containerd task: its root filesystem a snapshot of the image's layers,
 * mounted by the agent; its spec rendered here; `ctr run` in the foreground, so the task's stdout
 * and stderr stay apart and ctr's exit code is the task's.
 */
export function containerDriver(options: ContainerDriverOptions): LaunchDriver {
  const { containerd } = options;
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
      const argv = runArgv(containerd, containerPaths(options.bundleRoot, id).spec, id);
      return { ok: true, ...argv, env: ctrEnvironment() };
    },

    async prepare(desired) {
      const id = containerId(desired.id);
      const paths = containerPaths(options.bundleRoot, id);
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
    },

    spawn: startCtr,

    signal(_child, desired, kind) {
      if (kind === 'exited') return;
      const signal = kind === 'stop' ? desired.workload.stopSignal : 'SIGKILL';
      void killTask(containerd, containerId(desired.id), signal).catch(() => undefined);
    },

    stopGraceMs: (desired) => desired.workload.stopTimeoutSeconds * 1000,

    async cleanup(desired) {
      const id = containerId(desired.id);
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
