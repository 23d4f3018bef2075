import { ipForceBatch, type BatchFailures } from './batch.js';
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
