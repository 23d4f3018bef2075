import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The sandbox namespaces this agent created. Namespace names are global (/run/netns), so leftovers
 * from an earlier run are found here rather than by a name pattern that another lab could share.
 */
export interface NamespaceRecord {
  list(): Promise<string[]>;
  save(names: readonly string[]): Promise<void>;
}

export function memoryNamespaceRecord(initial: readonly string[] = []): NamespaceRecord {
  let names = [...initial];
  return {
    list: async () => [...names],
    save: async (next) => {
      names = [...next];
    },
  };
}

export function fileNamespaceRecord(stateDir: string): NamespaceRecord {
  const file = join(stateDir, 'namespaces.json');
  return {
    async list() {
      try {
        const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
        return Array.isArray(parsed) ? parsed.filter((name): name is string => typeof name === 'string') : [];
      } catch {
        return [];
      }
    },
    async save(names) {
      await mkdir(stateDir, { recursive: true });
      // Written aside and renamed, so a crash never leaves a half-written record.
      await writeFile(`${file}.tmp`, JSON.stringify([...names].sort()));
      await rename(`${file}.tmp`, file);
    },
  };
}
