import { rename, writeFile } from 'node:fs/promises';

/**
 * Writes a key or certificate the owner alone may read (0600 from its creation), through a temporary
 * file and a rename, so a reader never finds half of one.
 */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, path);
}
