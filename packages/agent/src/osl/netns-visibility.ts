import { readFile } from 'node:fs/promises';

/**
 * Whether namespaces this process adds under /run/netns are seen by the rest of the machine. Under
 * `ip netns exec` the mount namespace is a slave: a namespace's bind mount made there stays inside
 * (so `ip netns exec <sandbox>` from outside fails). `nsenter --net=...` keeps the shared one.
 */
export function namespacesVisibleOutside(mountinfo: string): boolean {
  const line = mountinfo.split('\n').find((entry) => entry.split(' ')[4] === '/run/netns');
  // Not a mount point yet: the first `ip netns add` makes it a shared one.
  if (line === undefined) return true;
  const optional = line.split(' - ')[0]?.split(' ').slice(6) ?? [];
  // A slave mount (`master:N`) receives its master's mounts but never passes its own back.
  return !optional.some((tag) => tag.startsWith('master:'));
}

export async function checkNamespaceVisibility(): Promise<boolean> {
  return namespacesVisibleOutside(await readFile('/proc/self/mountinfo', 'utf8').catch(() => ''));
}
