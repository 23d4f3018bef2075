/**
 * Docker Engine's own 127.0.0.11 (Debian's dockerd with a private root, ../containers/docker-engine.ts)
 * on a user network: ten containers with the alias `tasks.web` (one of them also `web`, the name a
 * plain engine answers with one address, having no VIPs), and a client with a fixed address whose
 * upstream is the test upstream in its own namespace.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildBusyboxArchive } from '../../scripts/images/busybox-archive.js';
import { startPrivateDockerd } from '../containers/docker-engine.js';
import { waitFor } from './load.js';
import { startUpstream } from './upstream.js';

const run = promisify(execFile);
const network = 'bench-dns';
const subnet = '10.235.0';
const clientAddress = `${subnet}.200`;
const tasks = 10;

export interface DockerSide {
  name: string;
  enter: string[];
  pid: number;
  /** The address `web` answers with. */
  web: string;
  stop(): Promise<void>;
}

export async function startDockerSide(scratch: string): Promise<DockerSide> {
  const engine = await startPrivateDockerd(join(scratch, 'docker'), { ownSession: true });
  const on = async (...args: string[]) =>
    (await run('docker', ['-H', engine.dockerHost, ...args])).stdout.trim();
  const containers: string[] = [];
  let upstream: ChildProcess | undefined;
  const stop = async () => {
    upstream?.kill();
    if (containers.length > 0) await on('rm', '-f', ...containers).catch(() => undefined);
    await on('network', 'rm', network).catch(() => undefined);
    await engine.stop();
  };
  try {
    const { tag, path } = buildBusyboxArchive(join(scratch, 'busybox-httpd.tar'));
    await on('load', '-i', path);
    await on('network', 'create', '--subnet', `${subnet}.0/24`, network);
    await Promise.all(
      Array.from({ length: tasks }, async (_, index) => {
        const name = `bench-dns-t${index}`;
        containers.push(name);
        const aliases = ['--network-alias', 'tasks.web', ...(index === 0 ? ['--network-alias', 'web'] : [])];
        await on(
          'run',
          '-d',
          '--name',
          name,
          '--network',
          network,
          '--ip',
          `${subnet}.${10 + index}`,
          ...aliases,
          tag,
        );
      }),
    );
    containers.push('bench-dns-client');
    await on(
      'run',
      '-d',
      '--name',
      'bench-dns-client',
      '--network',
      network,
      '--ip',
      clientAddress,
      '--dns',
      clientAddress,
      tag,
    );
    const key = await on('inspect', '-f', '{{.NetworkSettings.SandboxKey}}', 'bench-dns-client');
    await waitFor(`${engine.name}: the client's namespace ${key}`, () => Promise.resolve(existsSync(key)));
    const enter = ['nsenter', `--net=${key}`];
    upstream = startUpstream(enter, clientAddress, scratch);
    const pid = engine.daemons()[0];
    if (pid === undefined) throw new Error(`${engine.name}: no dockerd pid`);
    return { name: `${engine.name} 127.0.0.11`, enter, pid, web: `${subnet}.10`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
