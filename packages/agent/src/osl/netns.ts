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
  const script =
    '[ ! -e "/run/netns/$2" ] && touch "/run/netns/$2" && mount --bind "/run/netns/$1" "/run/netns/$2" && umount "/run/netns/$1" && rm "/run/netns/$1"';
  await exec('sh', ['-c', script, 'sh', from, to]);
}
