import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { containerdVersion } from '../../osl/containerd.js';

export interface PrivateContainerd {
  address: string;
  root: string;
  stop(): Promise<void>;
}

/** A containerd of the test's own (root under /tmp, state and socket under a short /run path). */
export async function startPrivateContainerd(tag: string): Promise<PrivateContainerd> {
  const root = await mkdtemp(path.join(tmpdir(), `sy-ctrd-${tag}-`));
  const state = `/run/sy-ctrd-${tag}-${process.pid}`;
  const address = path.join(state, 'containerd.sock');
  const daemon: ChildProcess = spawn(
    'containerd',
    ['--root', path.join(root, 'root'), '--state', state, '--address', address, '--config', '/dev/null'],
    { stdio: 'ignore' },
  );
  for (let tries = 0; ; tries += 1) {
    try {
      await containerdVersion(address);
      break;
    } catch (error) {
      if (tries > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    address,
    root,
    async stop() {
      const exited = new Promise((resolve) => daemon.once('exit', resolve));
      daemon.kill('SIGTERM');
      await exited;
      await rm(root, { recursive: true, force: true });
      await rm(state, { recursive: true, force: true });
    },
  };
}
