import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildBusyboxArchive } from '../../../../../scripts/images/busybox-archive.js';
import { exec } from '../../osl/exec.js';
import { startPrivateContainerd, type PrivateContainerd } from './private-containerd.js';

/** What a containerd test left behind: all empty when the runtime cleaned up after itself. */
export interface ContainerdLeftovers {
  containers: string;
  tasks: string;
  snapshots: boolean;
  mounts: boolean;
  cgroups: string[];
}

export const nothingLeft: ContainerdLeftovers = {
  containers: '',
  tasks: '',
  snapshots: false,
  mounts: false,
  cgroups: [],
};

/**
 * A private containerd with the busybox test image imported into `namespace`, and a state
 * directory for a runtime under test: what every containerd runtime test starts from.
 */
export interface ContainerdTestbed {
  daemon: PrivateContainerd;
  namespace: string;
  stateDir: string;
  /** Where sandboxes' /etc files go (the runtime's `etcNetnsDir`). */
  etcDir: string;
  imageId: string;
  /** The image's layers, as a runtime's `layers` option answers them. */
  layers: (id: string) => string[] | undefined;
  ctr(...args: string[]): ReturnType<typeof exec>;
  /** Stops containerd and removes the state directory; returns what was left before it did. */
  teardown(): Promise<ContainerdLeftovers>;
}

/** The diff ids of an image archive's one image, read from its config inside the tar. */
export function archiveDiffIds(archivePath: string, imageId: string): string[] {
  const config = JSON.parse(
    execFileSync('tar', ['-xOf', archivePath, `${imageId.slice(7)}.json`]).toString(),
  ) as { rootfs: { diff_ids: string[] } };
  return config.rootfs.diff_ids;
}

export async function startContainerdTestbed(tag: string, namespace: string): Promise<ContainerdTestbed> {
  const daemon = await startPrivateContainerd(tag);
  const stateDir = await mkdtemp(path.join(tmpdir(), `sy-ctr-${tag}-`));
  const ctr = (...args: string[]) => exec('ctr', ['-a', daemon.address, '-n', namespace, ...args]);
  const archive = buildBusyboxArchive(path.join(stateDir, 'busybox.tar'));
  await ctr('images', 'import', archive.path);
  const diffIds = archiveDiffIds(archive.path, archive.imageId);
  return {
    daemon,
    namespace,
    stateDir,
    etcDir: path.join(stateDir, 'etc-netns'),
    imageId: archive.imageId,
    layers: (id) => (id === archive.imageId ? diffIds : undefined),
    ctr,
    async teardown() {
      const left: ContainerdLeftovers = {
        containers: (await ctr('containers', 'ls', '-q')).stdout.trim(),
        tasks: (await ctr('tasks', 'ls', '-q')).stdout.trim(),
        snapshots: (await ctr('snapshots', 'ls')).stdout.includes('switchyard-rootfs-'),
        mounts: (await readFile('/proc/self/mountinfo', 'utf8')).includes(stateDir),
        cgroups: (await readdir('/sys/fs/cgroup/pids')).filter((name) => name.startsWith(namespace)),
      };
      await daemon.stop();
      await rm(stateDir, { recursive: true, force: true });
      return left;
    },
  };
}
