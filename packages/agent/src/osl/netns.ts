import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { ipForceBatch, type BatchFailures } from './batch.js';
import { exec } from './exec.js';
import { listNetns } from './ip.js';

/** Names of every named network namespace (they are global: /run/netns). */
export async function namespaceNames(): Promise<Set<string>> {
  return new Set((await listNetns()).map((entry) => entry.name));
}

export async function deleteNamespaces(names: readonly string[]): Promise<Map<string, string>> {
  return byName(names, await ipForceBatch(names.map((name) => `netns del ${name}`)));
}

function byName(names: readonly string[], failures: BatchFailures): Map<string, string> {
  const errors = new Map<string, string>();
  for (const [line, message] of failures) {
    const name = names[line - 1];
    if (name !== undefined) errors.set(name, message);
  }
  return errors;
}

/**
 * Gives a named namespace another name: iproute2 has no rename, so the namespace is bind-mounted
 * at the new name and the old one unmounted. Sockets and processes in it stay as they are.
 */
export async function renameNamespace(from: string, to: string): Promise<void> {
  for (const name of [from, to]) {
    if (name === '' || name.includes('/') || name === '.' || name === '..') {
      throw new Error(`not a namespace name: ${JSON.stringify(name)}`);
    }
  }
  const source = path.join('/run/netns', from);
  const target = path.join('/run/netns', to);
  // The mount point made and removed here rather than by a shell, touch and rm: a new sandbox
  // takes this path, and these were three of its five processes.
  await (await open(target, 'wx', 0o444)).close();
  try {
    await exec('mount', ['--bind', source, target]);
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
  await exec('umount', [source]);
  await rm(source, { force: true });
}
