import { probeEnvironment } from '../config.js';
import { exec, type ExecResult } from './exec.js';
import { startProcess, type ChildProcess } from './process.js';

/**
 * containerd through its own client, `ctr`: the one place the agent runs ctr, containerd or mount.
 * Every call names the daemon's socket and the agent's containerd namespace.
 */
export interface Containerd {
  address: string;
  namespace: string;
}

export const defaultContainerdAddress = '/run/containerd/containerd.sock';
export const defaultContainerdNamespace = 'switchyard';

function base(target: Containerd): string[] {
  return ['-a', target.address, '-n', target.namespace];
}

function ctr(target: Containerd, args: readonly string[]): Promise<ExecResult> {
  return exec('ctr', [...base(target), ...args]);
}

/** The daemon's version; rejects when nothing answers on the socket. */
export async function containerdVersion(address: string): Promise<string> {
  const { stdout } = await exec('ctr', ['-a', address, '--timeout', '5s', 'version']);
  const server = stdout.slice(stdout.indexOf('Server:'));
  return /Version:\s*(\S+)/.exec(server)?.[1] ?? 'unknown';
}

export async function importImage(target: Containerd, archive: string, indexName: string): Promise<void> {
  await ctr(target, ['images', 'import', '--index-name', indexName, archive]);
}

export async function pullImage(target: Containerd, reference: string): Promise<void> {
  await ctr(target, ['images', 'pull', reference]);
}

export async function tagImage(target: Containerd, source: string, reference: string): Promise<void> {
  await ctr(target, ['images', 'tag', '--force', source, reference]);
}

export async function listImages(target: Containerd): Promise<string[]> {
  const { stdout } = await ctr(target, ['images', 'ls', '-q']);
  return stdout.split('\n').filter((line) => line !== '');
}

export async function removeImage(target: Containerd, reference: string): Promise<void> {
  await ctr(target, ['images', 'rm', reference]);
}

/** A blob of the content store (a manifest, an index, an image config) as text. */
export async function readContent(target: Containerd, digest: string): Promise<string> {
  return (await ctr(target, ['content', 'get', digest])).stdout;
}

/** The digest an image name points at (its manifest or index). */
export async function imageTarget(target: Containerd, reference: string): Promise<string | undefined> {
  const { stdout } = await ctr(target, ['images', 'ls', `name==${reference}`]);
  return /\s(sha256:[0-9a-f]{64})\s/.exec(stdout)?.[1];
}

/**
 * A writable snapshot on top of `parent` (a chain ID); its mounts as `mount` would be given them
 * onto `mountPoint` (one ctr call: `--target` prints what `snapshots mounts` would).
 */
export async function prepareSnapshot(
  target: Containerd,
  key: string,
  parent: string,
  mountPoint: string,
): Promise<string> {
  return (await ctr(target, ['snapshots', 'prepare', '--target', mountPoint, key, parent])).stdout;
}

export async function listSnapshots(target: Containerd): Promise<string[]> {
  const { stdout } = await ctr(target, ['snapshots', 'ls']);
  return stdout
    .split('\n')
    .slice(1)
    .map((line) => line.split(/\s+/)[0] ?? '')
    .filter((key) => key !== '');
}

export async function removeSnapshot(target: Containerd, key: string): Promise<void> {
  await ctr(target, ['snapshots', 'rm', key]);
}

export async function mount(type: string, source: string, targetDir: string, options: string): Promise<void> {
  await exec('mount', ['-t', type, source, targetDir, ...(options === '' ? [] : ['-o', options])]);
}

export async function unmount(targetDir: string): Promise<void> {
  await exec('umount', [targetDir]);
}

/** `ctr run` of a container whose root filesystem and namespaces its spec file names, in the foreground. */
export function runArgv(target: Containerd, specFile: string, id: string): { file: string; args: string[] } {
  return { file: 'ctr', args: [...base(target), 'run', '--rm', '--config', specFile, id] };
}

/** The environment ctr itself runs with: PATH only, nothing of the agent's. */
export function ctrEnvironment(): Record<string, string> {
  return probeEnvironment();
}

export function startCtr(argv: { file: string; args: string[] }): ChildProcess {
  return startProcess(argv.file, argv.args, { stdio: ['ignore', 'pipe', 'pipe'], env: ctrEnvironment() });
}

export async function killTask(target: Containerd, id: string, signal: string): Promise<void> {
  await ctr(target, ['tasks', 'kill', '--all', '-s', signal, id]);
}

/** Host PIDs of a task's processes. */
export async function taskPids(target: Containerd, id: string): Promise<number[]> {
  const { stdout } = await ctr(target, ['tasks', 'ps', id]);
  return stdout
    .split('\n')
    .slice(1)
    .map((line) => Number(line.trim().split(/\s+/)[0]))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

export interface ExecOptions {
  execId: string;
  tty: boolean;
  user: string;
  cwd: string;
}

/** `ctr task exec`: a process in a running task's namespaces. */
export function execArgv(
  target: Containerd,
  id: string,
  options: ExecOptions,
  argv: readonly string[],
): { file: string; args: string[] } {
  return {
    file: 'ctr',
    args: [
      ...base(target),
      'tasks',
      'exec',
      '--exec-id',
      options.execId,
      ...(options.tty ? ['--tty'] : []),
      ...(options.user === '' ? [] : ['--user', options.user]),
      ...(options.cwd === '' ? [] : ['--cwd', options.cwd]),
      id,
      ...argv,
    ],
  };
}

export async function deleteTask(target: Containerd, id: string): Promise<void> {
  await ctr(target, ['tasks', 'delete', '--force', id]);
}

export async function removeContainer(target: Containerd, id: string): Promise<void> {
  await ctr(target, ['containers', 'rm', id]);
}

export async function listContainers(target: Containerd): Promise<string[]> {
  const { stdout } = await ctr(target, ['containers', 'ls', '-q']);
  return stdout.split('\n').filter((line) => line !== '');
}
