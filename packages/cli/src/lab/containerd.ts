import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleRootOf, containerdVersion, removeAllContainers, unmount } from '@switchyard/agent';
import { isAlive, terminate } from './processes.js';

/**
 * The lab's one containerd, shared by every lab host: each host's agent keeps its images and
 * containers in a containerd namespace of its own, so a host holds an image only once it imported
 * it, while the blobs are stored once.
 */
export interface LabContainerdPaths {
  /** Images and snapshots: under the data directory. */
  root: string;
  /** Sockets and runtime state: a short path, as a unix socket's path is at most 108 bytes. */
  state: string;
  address: string;
  log: string;
}

export function labContainerdPaths(dataDir: string, prefix: string, labDir: string): LabContainerdPaths {
  const state = `/run/switchyard-${prefix}`;
  return {
    root: join(dataDir, 'containerd', prefix),
    state,
    address: join(state, 'containerd.sock'),
    log: join(labDir, 'containerd.log'),
  };
}

/** The containerd namespace of a lab host's agent. */
export function labContainerdNamespace(host: string): string {
  return `switchyard-${host}`;
}

function works(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/** Whether this machine can run containers: containerd, its client ctr, and runc. */
export function containerdInstalled(): boolean {
  return works('containerd', ['--version']) && works('ctr', ['--version']) && works('runc', ['--version']);
}

/** Starts the lab's containerd and waits until it answers; its pid. */
export async function startLabContainerd(paths: LabContainerdPaths): Promise<number> {
  const log = openSync(paths.log, 'w', 0o600);
  let pid: number | undefined;
  try {
    const child = spawn(
      'containerd',
      ['--root', paths.root, '--state', paths.state, '--address', paths.address, '--config', '/dev/null'],
      { detached: true, stdio: ['ignore', log, log] },
    );
    child.unref();
    pid = child.pid;
  } finally {
    closeSync(log);
  }
  if (pid === undefined) throw new Error('cannot start containerd');
  for (let tries = 0; ; tries += 1) {
    try {
      await containerdVersion(paths.address);
      return pid;
    } catch (error) {
      if (!isAlive(pid) || tries > 100) {
        throw new Error(
          `containerd did not start (${paths.log}): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Whether `pid` is the lab's containerd (not a process that reused a recorded pid). */
async function isLabContainerd(pid: number, paths: LabContainerdPaths): Promise<boolean> {
  const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  return args[0]?.endsWith('containerd') === true && args.includes(paths.address);
}

/** Mount points under `dir`, deepest first. */
async function mountsUnder(dir: string): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  return info
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point === dir || point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

/**
 * Stops the lab's containerd and leaves nothing: every host's containers (tasks killed, containers,
 * root filesystem mounts and snapshots removed, which also removes their cgroups), then the daemon,
 * its state under /run and its store. Safe when there is none.
 */
export async function stopLabContainerd(
  paths: LabContainerdPaths,
  pid: number | undefined,
  hosts: readonly { name: string; stateDir: string }[],
): Promise<void> {
  const answers = await containerdVersion(paths.address).then(
    () => true,
    () => false,
  );
  if (answers) {
    for (const host of hosts) {
      await removeAllContainers(
        { address: paths.address, namespace: labContainerdNamespace(host.name) },
        bundleRootOf(host.stateDir),
      );
    }
  }
  if (pid !== undefined && (await isLabContainerd(pid, paths))) await terminate([pid], 10_000);
  // What a daemon that died, or agents that were killed, left mounted.
  for (const dir of [paths.state, paths.root, ...hosts.map((host) => host.stateDir)]) {
    for (const point of await mountsUnder(dir)) await unmount(point).catch(() => undefined);
  }
  await rm(paths.state, { recursive: true, force: true });
  await rm(paths.root, { recursive: true, force: true });
  // The containerd directory of the data dir, once no lab uses it.
  const parent = join(paths.root, '..');
  if ((await readdir(parent).catch(() => ['?'])).length === 0) await rm(parent, { recursive: true });
}
