/**
 * Docker Engine for the container bench: Debian's dockerd on a containerd of its own, everything
 * (data root, exec root, pidfile, socket, trust key, containerd's root and state) under one private
 * directory. It makes no docker0 (`--bridge none`), writes no iptables rules, leaves ip_forward as
 * it is and runs containers under a cgroup parent named after this process; what it must touch on
 * the host is the bridge and veths of the user network the bench creates, removed with it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cgroupRoot = '/sys/fs/cgroup';

export interface PrivateDockerd {
  name: string;
  dockerHost: string;
  /** dockerd and its containerd, whose children start containers. */
  daemons(): number[];
  /**
   * Processes whose CPU time the profile pass counts; with `children`, that of the programs they
   * ran and waited for too.
   */
  processes(): { name: string; pid: number; children: boolean }[];
  stop(): Promise<void>;
}

function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function version(dockerHost: string, dockerd: ChildProcess): Promise<string> {
  for (let attempt = 0; ; attempt += 1) {
    if (dockerd.exitCode !== null) throw new Error(`dockerd exited with ${dockerd.exitCode}`);
    try {
      return (await run('docker', ['-H', dockerHost, 'version', '-f', '{{.Server.Version}}'])).stdout.trim();
    } catch (error) {
      if (attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * `ownSession`: dockerd in a session of its own, so autogroup scheduling gives it its own share of
 * the CPU, as a server the bench compares against another detached one should have.
 */
export async function startPrivateDockerd(
  root: string,
  { ownSession = false }: { ownSession?: boolean } = {},
): Promise<PrivateDockerd> {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const containerdSocket = join(root, 'containerd.sock');
  const dockerSocket = join(root, 'docker.sock');
  const cgroupParent = `switchyard-bench-docker-${process.pid}`;
  // Else dockerd writes its identity key to /etc/docker/key.json (a setting of the file, not a flag).
  writeFileSync(join(root, 'daemon.json'), JSON.stringify({ 'deprecated-key-path': join(root, 'key.json') }));
  const containerd = spawn(
    'containerd',
    [
      '--root',
      join(root, 'containerd-root'),
      '--state',
      join(root, 'containerd-state'),
      '--address',
      containerdSocket,
      '--config',
      '/dev/null',
    ],
    { stdio: 'ignore' },
  );
  const dockerd = spawn(
    'dockerd',
    [
      '--data-root',
      join(root, 'data'),
      '--exec-root',
      join(root, 'exec'),
      '--pidfile',
      join(root, 'dockerd.pid'),
      '--host',
      `unix://${dockerSocket}`,
      '--containerd',
      containerdSocket,
      '--config-file',
      join(root, 'daemon.json'),
      '--bridge',
      'none',
      '--iptables=false',
      '--ip6tables=false',
      '--ip-forward=false',
      '--ip-masq=false',
      '--userland-proxy=false',
      '--storage-driver',
      'overlay2',
      '--exec-opt',
      'native.cgroupdriver=cgroupfs',
      '--cgroup-parent',
      cgroupParent,
      '--log-level',
      'error',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], detached: ownSession },
  );
  const dockerHost = `unix://${dockerSocket}`;
  const stop = async () => {
    dockerd.kill('SIGTERM');
    await exited(dockerd, 15_000);
    containerd.kill('SIGTERM');
    await exited(containerd, 10_000);
    // Overlay and netns mounts live under the root: unmount them before the directory goes.
    await run('sh', ['-c', `grep ' ${root}' /proc/mounts | cut -d' ' -f2 | sort -r | xargs -r umount -l`]);
    for (const controller of readdirSync(cgroupRoot)) {
      try {
        rmdirSync(join(cgroupRoot, controller, cgroupParent));
      } catch {
        // This controller never had the parent, or it is a link to another controller.
      }
    }
  };
  try {
    return {
      name: `Docker Engine ${await version(dockerHost, dockerd)}`,
      dockerHost,
      daemons: () => [dockerd.pid, containerd.pid].filter((pid) => pid !== undefined),
      processes: () => [
        { name: 'dockerd', pid: dockerd.pid ?? 0, children: true },
        { name: 'containerd', pid: containerd.pid ?? 0, children: true },
      ],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
