import path from 'node:path';
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

/** Where a container's task leaves what outlives the agent, in its bundle. */
export interface TaskFiles {
  bundle: string;
  spec: string;
}

/**
 * The shim's logger (containerd's `binary://` log URI): a shell the shim starts with the task's
 * stdout and stderr on fds 3 and 4 and a readiness pipe on fd 5, appending each stream to its file
 * in the bundle. It belongs to the shim, not to the agent, so output is kept while no agent runs.
 */
export function taskLogUri(bundle: string): string {
  const quoted = (file: string) => `'${path.join(bundle, file).replaceAll("'", "'\\''")}'`;
  const script = `exec 5>&-; /bin/cat <&3 >>${quoted('stdout')} & /bin/cat <&4 >>${quoted('stderr')} & wait`;
  return `binary:///bin/sh?-c=${encodeURIComponent(script)}`;
}

/**
 * The watcher the agent supervises in place of the task: it starts the task detached (`ctr run -d`)
 * unless the bundle's pid file says one runs already (a task a previous agent left, adopted), then
 * follows the task's output files from the offsets the agent last recorded, and once the task's
 * process is gone deletes the task and exits with its code (255 when it cannot tell it). When the agent goes, its pipes close,
 * the followers end and the watcher leaves the still running task alone.
 */
export function watchArgv(
  target: Containerd,
  files: TaskFiles,
  id: string,
): { file: string; args: string[] } {
  const script = [
    'a=$1 n=$2 id=$3 spec=$4 b=$5 log=$6',
    'if [ ! -s "$b/pid" ]; then',
    '  ctr -a "$a" -n "$n" run -d --pid-file "$b/pid" --log-uri "$log" --config "$spec" "$id" || exit',
    'fi',
    'pid=$(cat "$b/pid") || exit',
    'so=0 se=0',
    'if [ -s "$b/offsets" ]; then read -r so se <"$b/offsets"; fi',
    'tail -s 0.1 --pid="$pid" -c "+$((se + 1))" -F "$b/stderr" 1>&2 2>/dev/null &',
    'tail -s 0.1 --pid="$pid" -c "+$((so + 1))" -F "$b/stdout" 2>/dev/null',
    'wait',
    'if kill -0 "$pid" 2>/dev/null; then exit 0; fi',
    // ctr 1.6 reports a non-zero code only as a warning on its stderr.
    'out=$(ctr -a "$a" -n "$n" tasks delete "$id" 2>&1) || { printf "%s\\n" "$out" >&2; exit 255; }',
    'code=$(printf "%s" "$out" | sed -n "s/.*non-zero exit code \\([0-9]*\\).*/\\1/p")',
    'exit "${code:-0}"',
  ].join('\n');
  return {
    file: 'sh',
    args: [
      '-c',
      script,
      'watch',
      target.address,
      target.namespace,
      id,
      files.spec,
      files.bundle,
      taskLogUri(files.bundle),
    ],
  };
}

/** The container id and bundle a watcher's argv (from watchArgv) names. */
export function watchedTask(argv: { args: readonly string[] }): { id: string; bundle: string } {
  return { id: argv.args[5] ?? '', bundle: argv.args[7] ?? '' };
}

/** The watcher, in a process group of its own (so letting go ends the followers with it). */
export function startWatcher(argv: { file: string; args: string[] }): ChildProcess {
  return startProcess(argv.file, argv.args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: ctrEnvironment(),
    detached: true,
  });
}

/** Ends a watcher and its followers at once; the task they watched runs on. */
export function endWatcher(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export interface TaskState {
  id: string;
  pid: number;
  status: string;
}

/** `ctr tasks ls`: each task of the namespace, its pid and status (RUNNING, STOPPED, ...). */
export async function listTasks(target: Containerd): Promise<TaskState[]> {
  return parseTaskList((await ctr(target, ['tasks', 'ls'])).stdout);
}

export function parseTaskList(output: string): TaskState[] {
  return output
    .split('\n')
    .slice(1)
    .flatMap((line) => {
      const [id, pid, status] = line.trim().split(/\s+/);
      return id === undefined || id === '' || status === undefined ? [] : [{ id, pid: Number(pid), status }];
    });
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
